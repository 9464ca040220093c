-- One page of a room's offers in the shared book, newest first.
--
-- ARGV[1]  prefix of the book's keys
-- ARGV[2]  now, ms since the epoch, or "" for the Redis server's TIME
-- ARGV[3]  the room
-- ARGV[4]  sequence numbers below this one only, or "+inf"
-- ARGV[5]  the most offers returned
--
-- Returns {now, seq, id, json, seq, id, json, ...}.
local p = ARGV[1]
local now = tonumber(ARGV[2])
if not now then
  local t = redis.call('TIME')
  now = t[1] * 1000 + math.floor(t[2] / 1000)
end
local before = ARGV[4] == '+inf' and '+inf' or '(' .. ARGV[4]
local ids = redis.call('ZREVRANGEBYSCORE', p .. ':room:' .. ARGV[3], before, '-inf',
  'WITHSCORES', 'LIMIT', 0, ARGV[5])
local out = {now}
for i = 1, #ids, 2 do
  local json = redis.call('HGET', p .. ':o:' .. ids[i], 'json')
  if json then
    out[#out + 1] = ids[i + 1]
    out[#out + 1] = ids[i]
    out[#out + 1] = json
  end
end
return out
