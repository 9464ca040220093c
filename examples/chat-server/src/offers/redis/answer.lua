-- Stores the answer to an offer if the offer did not change since it was
-- read (compare and set on its version): of an accept, a decline, a
-- withdrawal and the expiry (which the sweep stores the same way) racing in
-- any processes, exactly one is stored; the others read the offer again.
--
-- ARGV[1]  prefix of the book's keys
-- ARGV[2]  the id
-- ARGV[3]  the version read
-- ARGV[4]  the answered offer's JSON
-- ARGV[5]  the answer's instant, ms since the epoch
--
-- Returns "ok", "stale" (changed since it was read) or "gone".
local p, id = ARGV[1], ARGV[2]
local o = p .. ':o:' .. id
local f = redis.call('HMGET', o, 'ver', 'room', 'seller')
if not f[1] then return 'gone' end
if f[1] ~= ARGV[3] then return 'stale' end
redis.call('HSET', o, 'json', ARGV[4], 'ver', tonumber(f[1]) + 1, 'open', 0)
redis.call('ZREM', p .. ':deadlines', id)
redis.call('ZREM', p .. ':open-seller:' .. f[3], id)
redis.call('ZREM', p .. ':open-room:' .. f[2], id)
redis.call('ZADD', p .. ':finished', ARGV[5], id)
return 'ok'
