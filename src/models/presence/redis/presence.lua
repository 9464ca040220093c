-- tzsafe presence: one user's state machine, run atomically by Redis.
--
-- The rules are those of `tzsafe::models::presence` (its module docs), the
-- same as the in-memory tracker's `record.rs`; the shared behaviour suite and
-- the reference model check that both agree.
--
-- Instants are 24-character strings: 14 digits of seconds since the epoch
-- plus 10^13, then 10 digits of nanoseconds. They sort as the instants do,
-- so most comparisons are string comparisons, and the common heartbeat
-- formats no number (in Redis's Lua, number-to-string conversions cost about
-- half a microsecond each, more than anything else a heartbeat does).
--
-- The rules (TTL_S, TTL_N, GRACE_S, GRACE_N, AWAY_S, AWAY_N, KEEP_MS,
-- REFRESH_S, REFRESH_N, MAX_CONNS, MAX_USERS) are written above this line by
-- the tracker that loads the script (`redis.rs`), so each call carries only
-- what changes from call to call:
--
-- KEYS[1]   the user's record, a hash (its key carries the user's hash tag)
-- KEYS[2]   the user's index shard, a sorted set, when this script keeps the
--           index itself (one Redis server); absent in a cluster, where the
--           caller keeps it (the shard lives in another slot)
-- KEYS[3..] every index shard, only for the heartbeat that may create a user
--           under a `max_users` limit on one server (to count users)
--
-- ARGV[1]  op: hb | hbs | dc | act | claim | status
-- ARGV[2]  now as an instant string, or "" for the server's TIME
-- ARGV[3]  the user id (index members are pid .. user)
-- ARGV[4]  a fresh period id (16 hex digits) for a period this call starts;
--          for claim, the period id of the index member being claimed
-- hb:  ARGV[5] connection, ARGV[6] namespace, ARGV[7] "1" when a new user may
--      be created without counting (the caller counted)
-- dc:  ARGV[5] connection
-- hbs: many heartbeats at one now (one server): two KEYS per user (record,
--      index shard), four ARGV per user from ARGV[3] (user, period id,
--      connection, namespace); see the hbs block at the end
--
-- KEEP_MS is the record key's TTL when refreshed (the longest deadline a
-- change can set, plus a margin), so abandoned data expires; it is refreshed
-- when less than the longest deadline plus REFRESH (half the margin) is left.
--
-- Returns {code, index, deadline_secs, pid, old_pid, event...}: code is ok,
-- full_users, full_conns, count (create needs a count first), stale (claim of a
-- member whose period is over); index is none, add (a new period's member),
-- lower (the deadline moved earlier), drop (the record is gone), refile
-- (claim: file again at the deadline); every event is two values: kind (on,
-- off, away, back) and an instant string. The common heartbeat answers just
-- {ok} (in a batch, nothing). For status: {online, away, since, seen, conn,
-- namespace, last, ...} (since and seen "" when unknown).

local tonumber, sub, rep, call = tonumber, string.sub, string.rep, redis.call
local NANOS = 1000000000
local OFFSET = 10000000000000
-- DateTime::<Utc>::MAX_UTC (a Rust test checks these against chrono).
local MAX_S, MAX_N = 8210266876799, 999999999

local op = ARGV[1]

local function dec(e)
  return tonumber(sub(e, 1, 14)) - OFFSET, tonumber(sub(e, 15, 24))
end

local function enc(s, n)
  return string.format('%014.0f%010.0f', s + OFFSET, n)
end

local function lt(as, an, bs, bn)
  return as < bs or (as == bs and an < bn)
end

-- (s, n) + (ds, dn), as chrono adds (a leap second is left by whole seconds),
-- capped at MAX.
local function after(s, n, ds, dn)
  if n >= NANOS then
    if ds > 0 or n + dn >= 2 * NANOS then
      n = n - NANOS
    else
      return s, n + dn
    end
  end
  n = n + dn
  if n >= NANOS then
    n = n - NANOS
    s = s + 1
  end
  s = s + ds
  if lt(MAX_S, MAX_N, s, n) then return MAX_S, MAX_N end
  return s, n
end

-- Now: seconds, nanoseconds and the instant string.
local NOW_S, NOW_N, NOW
if ARGV[2] == '' then
  local t = call('TIME')
  NOW_S, NOW_N = tonumber(t[1]), tonumber(t[2]) * 1000
  -- Built from the digits: no number to format. (The server's clock is after
  -- 1970 and before 10^13 seconds.)
  local secs, micros = t[1], t[2]
  NOW = '1' .. rep('0', 13 - #secs) .. secs .. '0' .. rep('0', 6 - #micros) .. micros .. '000'
else
  NOW = ARGV[2]
  NOW_S, NOW_N = dec(NOW)
end

-- The user a call is about: one for most ops; a batch (hbs, below) moves
-- these along user by user, and every function below reads them.
local user, pid_arg = ARGV[3], ARGV[4]
local key, index = KEYS[1], KEYS[2]

-- The common heartbeat, first and straight from five fields of the record
-- (HMGET: the record is not read whole, none of the closures below are
-- created) and its length: the user's one connection, live (so the user is
-- online, and nothing can have happened since its last heartbeat but going
-- away), away not pending. One HSET; true when done. Anything else, a user
-- with several connections included, takes the general path below, which
-- reads the whole record and drops what has expired.
local function quick(conn, ns)
  local field = 'c:' .. conn
  local f = call('HMGET', key, field, 'seen', 'ref', 'act', 'away')
  local mine, seen, ref, act = f[1], f[2], f[3], f[4]
  if not mine or not seen or not act then return false end
  -- Only when this is the user's one connection: another may have expired,
  -- and an expired connection is dropped by the first call that sees it (the
  -- general path), so that no call dated earlier lists it again. The record
  -- holds since, seen, act, pid, ref (once set, never removed) and away when
  -- away; any other count takes the general path, which is always right.
  local others = 4
  if ref then others = others + 1 end
  if f[5] then others = others + 1 end
  if call('HLEN', key) ~= others + 1 then return false end
  local s, n = dec(mine)
  s, n = after(s, n, TTL_S, TTL_N)
  if not lt(NOW_S, NOW_N, s, n) then return false end
  if AWAY_S ~= nil and not f[5] then
    s, n = dec(act)
    s, n = after(s, n, AWAY_S, AWAY_N)
    if not lt(NOW_S, NOW_N, s, n) then return false end
  end
  if sub(mine, 1, 24) < NOW then
    -- The record key's TTL is refreshed only when less than the longest
    -- deadline plus half the margin is left (see keep_alive below).
    local value = NOW .. ns
    if not ref or ref < NOW then
      local next_ref = enc(after(NOW_S, NOW_N, REFRESH_S, REFRESH_N))
      if seen < NOW then
        call('HSET', key, field, value, 'seen', NOW, 'ref', next_ref)
      else
        call('HSET', key, field, value, 'ref', next_ref)
      end
      call('PEXPIRE', key, KEEP_MS)
    elseif seen < NOW then
      call('HSET', key, field, value, 'seen', NOW)
    else
      call('HSET', key, field, value)
    end
  end
  return true
end

if op == 'hb' and quick(ARGV[5], ARGV[6]) then return { 'ok' } end

local events = {}
local function push(kind, instant)
  events[#events + 1] = kind
  events[#events + 1] = instant
end

-- The record: since, seen, act (instant strings), away ("1"), pid, ref (when
-- the key's TTL is to be refreshed next), and one field "c:<connection>" =
-- instant string .. namespace per connection.
local function load()
  local flat = call('HGETALL', key)
  if #flat == 0 then return nil end
  local r = { conns = {}, away = false }
  for i = 1, #flat, 2 do
    local f, v = flat[i], flat[i + 1]
    if f == 'since' or f == 'seen' or f == 'act' or f == 'pid' or f == 'ref' then
      r[f] = v
    elseif f == 'away' then
      r.away = true
    else
      r.conns[#r.conns + 1] = { id = sub(f, 3), last = sub(v, 1, 24), ns = sub(v, 25) }
    end
  end
  return r
end

-- When connection `c` expires.
local function expiry(c)
  if c.es == nil then
    local s, n = dec(c.last)
    c.es, c.en = after(s, n, TTL_S, TTL_N)
  end
  return c.es, c.en
end

local function live(c)
  local s, n = expiry(c)
  return lt(NOW_S, NOW_N, s, n)
end

local function offline_at(r)
  if #r.conns == 0 then
    local s, n = dec(r.seen)
    return after(s, n, GRACE_S, GRACE_N)
  end
  local bs, bn = nil, nil
  for _, c in ipairs(r.conns) do
    local s, n = expiry(c)
    if bs == nil or lt(bs, bn, s, n) then bs, bn = s, n end
  end
  return bs, bn
end

-- When the user goes away, if they are not away and go away before offline.
local function away_at(r, os, on)
  if AWAY_S == nil or r.away then return nil end
  local s, n = dec(r.act)
  s, n = after(s, n, AWAY_S, AWAY_N)
  if lt(s, n, os, on) then return s, n end
  return nil
end

local function deadline_secs(r)
  local os, on = offline_at(r)
  local as = away_at(r, os, on)
  return as or os
end

-- Reports what has happened by now; false when the user went offline.
-- Connections seen expired are dropped.
local function observe(r)
  local os, on = offline_at(r)
  local as, an = away_at(r, os, on)
  if as ~= nil and not lt(NOW_S, NOW_N, as, an) then
    r.away = true
    call('HSET', key, 'away', '1')
    push('away', enc(as, an))
  end
  if not lt(NOW_S, NOW_N, os, on) then
    push('off', r.seen)
    return false
  end
  local kept = nil
  for i, c in ipairs(r.conns) do
    if not live(c) then
      call('HDEL', key, 'c:' .. c.id)
      if kept == nil then
        kept = {}
        for j = 1, i - 1 do kept[j] = r.conns[j] end
      end
    elseif kept ~= nil then
      kept[#kept + 1] = c
    end
  end
  if kept ~= nil then r.conns = kept end
  return true
end

-- The record key's TTL: refreshed only when less than the longest deadline
-- plus half the margin is left, so the common heartbeat does not pay for a
-- PEXPIRE. Adds the next refresh instant to the caller's HSET fields; `write`
-- then sets the TTL (after the HSET, which may create the key).
local refresh = false
local function keep_alive(r, fields)
  if r.ref == nil or r.ref < NOW then
    refresh = true
    fields[#fields + 1] = 'ref'
    fields[#fields + 1] = enc(after(NOW_S, NOW_N, REFRESH_S, REFRESH_N))
  end
  return fields
end

local function write(fields)
  if #fields > 0 then call('HSET', key, unpack(fields)) end
  if refresh then call('PEXPIRE', key, KEEP_MS) end
end

local function member(pid)
  return pid .. user
end

-- The result, with the index kept here (one server) or left to the caller.
local function reply(code, action, r, old_pid)
  local d, pid = '', ''
  if r ~= nil then
    pid = r.pid
    if action ~= 'none' then d = deadline_secs(r) end
  end
  if index ~= nil then
    if action == 'add' then
      call('ZADD', index, d, member(pid))
    elseif action == 'lower' then
      call('ZADD', index, 'LT', d, member(pid))
    elseif action == 'refile' then
      call('ZADD', index, 'XX', d, member(pid))
    end
    if old_pid ~= nil and old_pid ~= '' then call('ZREM', index, member(old_pid)) end
  end
  local out = { code, action, d, pid, old_pid or '' }
  for _, e in ipairs(events) do out[#out + 1] = e end
  return out
end

local function start(conn, ns)
  call('DEL', key)
  local r = { conns = { { id = conn, last = NOW, ns = ns } }, since = NOW, seen = NOW, act = NOW, away = false, pid = pid_arg }
  write(keep_alive(r, { 'since', NOW, 'seen', NOW, 'act', NOW, 'pid', pid_arg, 'c:' .. conn, NOW .. ns }))
  push('on', NOW)
  return r
end

-- `fields` for HSET, with seen moved to now if it is later.
local function with_seen(r, fields)
  if r.seen < NOW then
    r.seen = NOW
    fields[#fields + 1] = 'seen'
    fields[#fields + 1] = NOW
  end
  return fields
end


-- A heartbeat the quick path above did not take. A new user under a
-- max_users limit is created only when `counted` is "1" (the caller counted)
-- or when KEYS[shards..] are every index shard (one server: counted here,
-- atomically with creating); else the answer is count.
local function beat(conn, ns, counted, shards)
  local r = load()
  -- A period starts with one connection: refused only by a limit of none.
  local none = MAX_CONNS == 0
  if r == nil then
    if MAX_USERS ~= nil and counted ~= '1' then
      if shards == nil or #KEYS < shards then return { 'count', 'none', '', '', '' } end
      local held = 0
      for i = shards, #KEYS do held = held + call('ZCARD', KEYS[i]) end
      if held >= MAX_USERS then return { 'full_users', tostring(held), '', '', '' } end
    end
    if none then return { 'full_conns', '0', '', '', '' } end
    return reply('ok', 'add', start(conn, ns))
  end
  local target, count = nil, 0
  for i = 1, #r.conns do
    local c = r.conns[i]
    if live(c) then
      count = count + 1
      if c.id == conn then target = c end
    end
  end
  local os, on = offline_at(r)
  if not lt(NOW_S, NOW_N, os, on) then
    if none then return { 'full_conns', '0', '', '', '' } end
    observe(r)
    return reply('ok', 'add', start(conn, ns), r.pid)
  end
  if target == nil and MAX_CONNS ~= nil and count >= MAX_CONNS then
    return { 'full_conns', tostring(count), '', '', '' }
  end
  observe(r)
  local fields = {}
  if target == nil or target.last < NOW then
    -- A new connection, or a newer heartbeat on a live one (one dated at or
    -- before the connection's last heartbeat changes nothing).
    fields = with_seen(r, { 'c:' .. conn, NOW .. ns })
  end
  write(keep_alive(r, fields))
  return reply('ok', 'none', r)
end

if op == 'hb' then return beat(ARGV[5], ARGV[6], ARGV[7], 3) end

-- Many heartbeats at one now (one server): KEYS are each user's record and
-- index shard, ARGV[3..] four per user (user, fresh period id, connection,
-- namespace). Each user is handled as one hb call would handle them, in
-- order, inside pcall so that one user's failure is that user's answer and
-- the others' events are still returned. Answers only for the users that
-- did not take the quick path, each {position from 0, hb's answer...}, or
-- {position, 'error', message, '', '', ''}; a new user under a max_users
-- limit answers count (the caller sends them alone with every shard).
if op == 'hbs' then
  local out = {}
  local n = 0
  for a = 3, #ARGV, 4 do
    key, index = KEYS[2 * n + 1], KEYS[2 * n + 2]
    user, pid_arg = ARGV[a], ARGV[a + 1]
    local conn, ns = ARGV[a + 2], ARGV[a + 3]
    local done, answer = pcall(quick, conn, ns)
    if not (done and answer) then
      if done then
        events, refresh = {}, false
        done, answer = pcall(beat, conn, ns, '', nil)
      end
      if not done then
        local message = type(answer) == 'table' and answer.err or tostring(answer)
        answer = { 'error', message, '', '', '' }
      end
      table.insert(answer, 1, tostring(n))
      out[#out + 1] = answer
    end
    n = n + 1
  end
  return out
end

if op == 'dc' or op == 'act' then
  local r = load()
  if r == nil then return reply('ok', 'none', nil) end
  local before = deadline_secs(r)
  if not observe(r) then
    call('DEL', key)
    return reply('ok', 'drop', nil, r.pid)
  end
  local fields = {}
  if op == 'dc' then
    local conn = ARGV[5]
    for i = 1, #r.conns do
      if r.conns[i].id == conn then
        table.remove(r.conns, i)
        call('HDEL', key, 'c:' .. conn)
        fields = with_seen(r, fields)
        if not observe(r) then
          call('DEL', key)
          return reply('ok', 'drop', nil, r.pid)
        end
        break
      end
    end
  elseif r.act < NOW then
    r.act = NOW
    fields = { 'act', NOW }
    if r.away then
      r.away = false
      call('HDEL', key, 'away')
      push('back', NOW)
    end
  end
  write(keep_alive(r, fields))
  if deadline_secs(r) < before then return reply('ok', 'lower', r) end
  return reply('ok', 'none', r)
end

if op == 'claim' then
  local r = load()
  if r == nil or r.pid ~= pid_arg then
    if index ~= nil then call('ZREM', index, member(pid_arg)) end
    return { 'stale', 'drop', '', '', pid_arg }
  end
  local os, on = offline_at(r)
  local as, an = away_at(r, os, on)
  local ds, dn = os, on
  if as ~= nil then ds, dn = as, an end
  if lt(NOW_S, NOW_N, ds, dn) then return reply('ok', 'refile', r) end
  if not observe(r) then
    call('DEL', key)
    return reply('ok', 'drop', nil, r.pid)
  end
  return reply('ok', 'refile', r)
end

if op == 'status' then
  local r = load()
  if r == nil then return { '0', '0', '', '' } end
  local os, on = offline_at(r)
  local online = lt(NOW_S, NOW_N, os, on)
  local as, an = away_at(r, os, on)
  local away = online and (r.away or (as ~= nil and not lt(NOW_S, NOW_N, as, an)))
  local out = { online and '1' or '0', away and '1' or '0', online and r.since or '', r.seen }
  if online then
    for _, c in ipairs(r.conns) do
      if live(c) then
        out[#out + 1] = c.id
        out[#out + 1] = c.ns
        out[#out + 1] = c.last
      end
    end
  end
  return out
end

return redis.error_reply('tzsafe presence: unknown operation ' .. tostring(op))
