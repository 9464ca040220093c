-- Moves the shared book to now: open offers past their expiry become
-- finished (each returned once, to the one caller that moved it), and
-- finished offers older than the retention leave the book.
--
-- ARGV[1]  prefix of the book's keys
-- ARGV[2]  now, ms since the epoch, or "" for the Redis server's TIME
-- ARGV[3]  the retention, ms
-- ARGV[4]  the most offers moved, and the most removed, in one call
--
-- Returns {now, id, json, id, json, ...}: the offers that expired unanswered.
local p = ARGV[1]
local now = tonumber(ARGV[2])
if not now then
  local t = redis.call('TIME')
  now = t[1] * 1000 + math.floor(t[2] / 1000)
end
local out = {now}
local due = redis.call('ZRANGEBYSCORE', p .. ':deadlines', '-inf', now, 'LIMIT', 0, ARGV[4])
for _, id in ipairs(due) do
  local o = p .. ':o:' .. id
  local f = redis.call('HMGET', o, 'ver', 'room', 'seller', 'expires', 'json')
  redis.call('ZREM', p .. ':deadlines', id)
  if f[1] then
    redis.call('HSET', o, 'ver', tonumber(f[1]) + 1, 'open', 0)
    redis.call('ZREM', p .. ':open-seller:' .. f[3], id)
    redis.call('ZREM', p .. ':open-room:' .. f[2], id)
    redis.call('ZADD', p .. ':finished', f[4], id)
    out[#out + 1] = id
    out[#out + 1] = f[5]
  end
end
local old = redis.call('ZRANGEBYSCORE', p .. ':finished', '-inf', now - tonumber(ARGV[3]),
  'LIMIT', 0, ARGV[4])
for _, id in ipairs(old) do
  local o = p .. ':o:' .. id
  local room = redis.call('HGET', o, 'room')
  if room then redis.call('ZREM', p .. ':room:' .. room, id) end
  redis.call('DEL', o)
  redis.call('ZREM', p .. ':finished', id)
end
return out
