-- Adds an offer to the shared book, atomically with the checks of its bounds.
-- Every key is under the prefix, which holds one hash tag: one slot.
--
-- ARGV[1]  prefix of the book's keys
-- ARGV[2]  now, ms since the epoch
-- ARGV[3]  the id, or "" for a fresh "offer-<n>"
-- ARGV[4]  room        ARGV[5]  seller
-- ARGV[6]  the offer's JSON
-- ARGV[7]  its expiry, ms
-- ARGV[8]  "open", or the ms at which it finished (a loaded row)
-- ARGV[9]  most open offers per seller (ignored for a given id)
-- ARGV[10] most open offers per room (ignored for a given id)
-- ARGV[11] most offers in the book
--
-- Returns {"ok", id, seq}, {"taken"}, {"seller", open}, {"room", open} or
-- {"full"}. Open counts are of the offers whose expiry is after now, so an
-- offer stops counting the instant it expires, before any sweep.
local p, now, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local room, seller = ARGV[4], ARGV[5]
local open = ARGV[8] == 'open'

if id ~= '' and redis.call('EXISTS', p .. ':o:' .. id) == 1 then
  return {'taken'}
end
if id == '' then
  local n = redis.call('ZCOUNT', p .. ':open-seller:' .. seller, '(' .. now, '+inf')
  if n >= tonumber(ARGV[9]) then return {'seller', n} end
  n = redis.call('ZCOUNT', p .. ':open-room:' .. room, '(' .. now, '+inf')
  if n >= tonumber(ARGV[10]) then return {'room', n} end
end

-- A full book drops its oldest finished offers (as the sweep would after
-- the retention); only a book full of open offers refuses.
while redis.call('ZCARD', p .. ':deadlines') + redis.call('ZCARD', p .. ':finished')
    >= tonumber(ARGV[11]) do
  local oldest = redis.call('ZRANGE', p .. ':finished', 0, 0)[1]
  if not oldest then return {'full'} end
  local o = p .. ':o:' .. oldest
  local r = redis.call('HGET', o, 'room')
  if r then redis.call('ZREM', p .. ':room:' .. r, oldest) end
  redis.call('DEL', o)
  redis.call('ZREM', p .. ':finished', oldest)
end

local seq = redis.call('INCR', p .. ':seq')
if id == '' then id = 'offer-' .. seq end
local expires = ARGV[7]
redis.call('HSET', p .. ':o:' .. id, 'json', ARGV[6], 'ver', 1, 'open', open and 1 or 0,
  'room', room, 'seller', seller, 'seq', seq, 'expires', expires)
redis.call('ZADD', p .. ':room:' .. room, seq, id)
if open then
  redis.call('ZADD', p .. ':deadlines', expires, id)
  redis.call('ZADD', p .. ':open-seller:' .. seller, expires, id)
  redis.call('ZADD', p .. ':open-room:' .. room, expires, id)
else
  redis.call('ZADD', p .. ':finished', ARGV[8], id)
end
return {'ok', id, seq}
