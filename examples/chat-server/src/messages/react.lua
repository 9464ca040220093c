-- Adds or removes one reaction on a recent message, if the message is in
-- that room: a set of "emoji user" members that lives as long as the
-- message's record.
--
-- ARGV[1]  prefix of the message keys
-- ARGV[2]  the message id
-- ARGV[3]  the room the client says it is in
-- ARGV[4]  the member, "<emoji> <user>"
-- ARGV[5]  "add" or "remove"
-- ARGV[6]  the most reactions one message holds
--
-- Returns 1 (changed), 0 (already so), -1 (no such message in that room) or
-- -2 (the message holds the most reactions).
local m = ARGV[1] .. ':msg:' .. ARGV[2]
if redis.call('GET', m) ~= ARGV[3] then return -1 end
local r = m .. ':reactions'
if ARGV[5] == 'remove' then return redis.call('SREM', r, ARGV[4]) end
if redis.call('SISMEMBER', r, ARGV[4]) == 1 then return 0 end
if redis.call('SCARD', r) >= tonumber(ARGV[6]) then return -2 end
redis.call('SADD', r, ARGV[4])
local ttl = redis.call('PTTL', m)
if ttl > 0 then redis.call('PEXPIRE', r, ttl) end
return 1
