-- Reads one offer of the shared book, and the book's now.
--
-- ARGV[1]  prefix of the book's keys
-- ARGV[2]  now, ms since the epoch, or "" for the Redis server's TIME
-- ARGV[3]  the id
--
-- Returns {now, json, version, open ("1" or "0")}, or {now} for no such offer.
local now = tonumber(ARGV[2])
if not now then
  local t = redis.call('TIME')
  now = t[1] * 1000 + math.floor(t[2] / 1000)
end
local f = redis.call('HMGET', ARGV[1] .. ':o:' .. ARGV[3], 'json', 'ver', 'open')
if not f[1] then return {now} end
return {now, f[1], f[2], f[3]}
