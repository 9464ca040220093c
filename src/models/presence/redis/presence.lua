-- tzsafe presence: one user's state machine, run atomically by Redis.
--
-- The rules are those of `tzsafe::models::presence` (see its module docs and
-- `record.rs`, which this mirrors line for line in spirit).
--
-- KEYS[1]   the user's record, a hash (its key carries the user's hash tag)
-- KEYS[2]   the user's index shard, a sorted set, when this script keeps the
--           index itself (one Redis server); absent in a cluster, where the
--           caller keeps it (the shard lives in another slot)
-- KEYS[3..] every index shard, only for the heartbeat that may create a user
--           under a `max_users` limit on one server (to count users)
--
-- ARGV[1]  op: hb | dc | act | claim | status
-- ARGV[2]  now as "secs:nanos", or "" for the server's TIME
-- ARGV[3]  ttl "secs:nanos"; ARGV[4] grace; ARGV[5] away_after or ""
-- ARGV[6]  the last instant chrono represents, "secs:nanos"
-- ARGV[7]  the user id (index members are pid .. user)
-- ARGV[8]  a fresh period id (16 hex digits) for a period this call starts;
--          for claim, the period id of the index member being claimed
-- ARGV[9]  how long (ms) a record outlives its offline deadline before Redis
--          drops it by itself (when no instance swept it)
-- hb:  ARGV[10] connection, ARGV[11] namespace, ARGV[12] max connections or "",
--      ARGV[13] max users or "" (checked here only when KEYS[3..] are given),
--      ARGV[14] "1" when a new user may be created without counting
-- dc:  ARGV[10] connection
--
-- Returns {code, index, deadline_secs, pid, old_pid, event...}: code is ok,
-- full_users, full_conns, count (create needs a count first), stale (claim of a
-- member whose period is over); index is none, add (a new period's member),
-- lower (the deadline moved earlier), drop (the record is gone), refile
-- (claim: file again at the deadline); every event is three values: kind (on,
-- off, away, back), secs, nanos. For status: {online, away, since, seen,
-- conn, namespace, secs, nanos, ...} (since and seen "" when unknown).

local NANOS = 1000000000
local op = ARGV[1]

local function parse(t)
  local s, n = string.match(t, '^(%-?%d+):(%d+)$')
  return { tonumber(s), tonumber(n) }
end

local function fmt(t)
  return string.format('%.0f:%.0f', t[1], t[2])
end

local function lt(a, b)
  return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
end

local MAX = parse(ARGV[6])
local TTL = parse(ARGV[3])
local GRACE = parse(ARGV[4])
local AWAY = nil
if ARGV[5] ~= '' then AWAY = parse(ARGV[5]) end

-- t + span, as chrono adds (a leap second is left by whole seconds), capped
-- at MAX.
local function after(t, span)
  local secs, nanos = t[1], t[2]
  if nanos >= NANOS then
    if span[1] > 0 or nanos + span[2] >= 2 * NANOS then
      nanos = nanos - NANOS
    else
      return { secs, nanos + span[2] }
    end
  end
  nanos = nanos + span[2]
  if nanos >= NANOS then
    nanos = nanos - NANOS
    secs = secs + 1
  end
  local sum = { secs + span[1], nanos }
  if lt(MAX, sum) then return MAX end
  return sum
end

local now
if ARGV[2] == '' then
  local t = redis.call('TIME')
  now = { tonumber(t[1]), tonumber(t[2]) * 1000 }
else
  now = parse(ARGV[2])
end

local key, index, user = KEYS[1], KEYS[2], ARGV[7]
local events = {}
local function push(kind, t)
  events[#events + 1] = kind
  events[#events + 1] = string.format('%.0f', t[1])
  events[#events + 1] = string.format('%.0f', t[2])
end

-- The record: since, seen, act (instants), away ("1"), pid, and one field
-- "c:<connection>" = "secs:nanos:<namespace>" per connection.
local function load()
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then return nil end
  local r = { conns = {}, away = false }
  for i = 1, #flat, 2 do
    local f, v = flat[i], flat[i + 1]
    if string.sub(f, 1, 2) == 'c:' then
      local s, n, ns = string.match(v, '^(%-?%d+):(%d+):(.*)$')
      r.conns[#r.conns + 1] = { id = string.sub(f, 3), last = { tonumber(s), tonumber(n) }, ns = ns }
    elseif f == 'away' then
      r.away = true
    elseif f == 'pid' then
      r.pid = v
    else
      r[f] = parse(v)
    end
  end
  return r
end

local function live(c, t)
  return lt(t, after(c.last, TTL))
end

local function offline_at(r)
  if #r.conns == 0 then return after(r.seen, GRACE) end
  local latest = nil
  for _, c in ipairs(r.conns) do
    local e = after(c.last, TTL)
    if latest == nil or lt(latest, e) then latest = e end
  end
  return latest
end

local function away_at(r, off)
  if AWAY == nil or r.away then return nil end
  local a = after(r.act, AWAY)
  if lt(a, off) then return a end
  return nil
end

local function deadline(r)
  local off = offline_at(r)
  return away_at(r, off) or off
end

-- Reports what has happened by `now`; false when the user went offline.
-- Expired connections are dropped.
local function observe(r)
  local off = offline_at(r)
  local a = away_at(r, off)
  if a ~= nil and not lt(now, a) then
    r.away = true
    redis.call('HSET', key, 'away', '1')
    push('away', a)
  end
  if not lt(now, off) then
    push('off', r.seen)
    return false
  end
  local kept = {}
  for _, c in ipairs(r.conns) do
    if live(c, now) then
      kept[#kept + 1] = c
    else
      redis.call('HDEL', key, 'c:' .. c.id)
    end
  end
  r.conns = kept
  return true
end

local function keep_until(r)
  -- Abandoned records go by themselves, a margin after their deadline. The
  -- key's TTL is relative (PEXPIRE): with the caller's clock (tests), `now`
  -- need not be the server's.
  local d = offline_at(r)
  local ms = (d[1] - now[1]) * 1000 + math.floor((d[2] - now[2]) / 1000000) + tonumber(ARGV[9])
  if ms < 1 then ms = 1 end
  redis.call('PEXPIRE', key, string.format('%.0f', ms))
end

local function member(pid)
  return pid .. user
end

local function index_add(r)
  if index then redis.call('ZADD', index, string.format('%.0f', deadline(r)[1]), member(r.pid)) end
end

local function index_drop(pid)
  if index and pid then redis.call('ZREM', index, member(pid)) end
end

-- The result, with the index kept here (one server) or left to the caller.
local function reply(code, action, r, old_pid)
  local d, pid = '', ''
  if r then
    d = string.format('%.0f', deadline(r)[1])
    pid = r.pid
  end
  if index then
    if action == 'lower' then
      redis.call('ZADD', index, 'LT', d, member(pid))
    elseif action == 'refile' then
      redis.call('ZADD', index, 'XX', d, member(pid))
    end
  end
  local out = { code, action, d, pid, old_pid or '' }
  for _, e in ipairs(events) do out[#out + 1] = e end
  return out
end

local function forget(r)
  redis.call('DEL', key)
  index_drop(r.pid)
end

local function start(conn, ns)
  redis.call('DEL', key)
  local r = { conns = { { id = conn, last = now, ns = ns } }, since = now, seen = now, act = now, away = false, pid = ARGV[8] }
  redis.call('HSET', key, 'since', fmt(now), 'seen', fmt(now), 'act', fmt(now), 'pid', r.pid,
    'c:' .. conn, fmt(now) .. ':' .. ns)
  keep_until(r)
  index_add(r)
  push('on', now)
  return r
end

if op == 'hb' then
  local conn, ns = ARGV[10], ARGV[11]
  local r = load()
  if r == nil then
    if ARGV[13] ~= '' and ARGV[14] ~= '1' then
      if #KEYS < 3 then return { 'count', 'none', '', '', '' } end
      local held = 0
      for i = 3, #KEYS do held = held + redis.call('ZCARD', KEYS[i]) end
      if held >= tonumber(ARGV[13]) then return { 'full_users', tostring(held), '', '', '' } end
    end
    r = start(conn, ns)
    return reply('ok', 'add', r)
  end
  if not lt(now, offline_at(r)) then
    observe(r)
    local old = r.pid
    index_drop(old)
    r = start(conn, ns)
    return reply('ok', 'add', r, old)
  end
  local target, count = nil, 0
  for _, c in ipairs(r.conns) do
    if live(c, now) then
      count = count + 1
      if c.id == conn then target = c end
    end
  end
  if target == nil and ARGV[12] ~= '' and count >= tonumber(ARGV[12]) then
    return { 'full_conns', tostring(count), '', '', '' }
  end
  observe(r)
  if target ~= nil then
    if lt(target.last, now) then
      target.last = now
      target.ns = ns
      redis.call('HSET', key, 'c:' .. conn, fmt(now) .. ':' .. ns)
      if lt(r.seen, now) then
        r.seen = now
        redis.call('HSET', key, 'seen', fmt(now))
      end
    end
  else
    r.conns[#r.conns + 1] = { id = conn, last = now, ns = ns }
    redis.call('HSET', key, 'c:' .. conn, fmt(now) .. ':' .. ns)
    if lt(r.seen, now) then
      r.seen = now
      redis.call('HSET', key, 'seen', fmt(now))
    end
  end
  keep_until(r)
  return reply('ok', 'none', r)
end

if op == 'dc' or op == 'act' then
  local r = load()
  if r == nil then return reply('ok', 'none', nil) end
  local before = deadline(r)
  if not observe(r) then
    forget(r)
    return reply('ok', 'drop', nil, r.pid)
  end
  if op == 'dc' then
    local conn = ARGV[10]
    for i, c in ipairs(r.conns) do
      if c.id == conn then
        table.remove(r.conns, i)
        redis.call('HDEL', key, 'c:' .. conn)
        if lt(r.seen, now) then
          r.seen = now
          redis.call('HSET', key, 'seen', fmt(now))
        end
        if not observe(r) then
          forget(r)
          return reply('ok', 'drop', nil, r.pid)
        end
        break
      end
    end
  else
    if lt(r.act, now) then
      r.act = now
      redis.call('HSET', key, 'act', fmt(now))
      if r.away then
        r.away = false
        redis.call('HDEL', key, 'away')
        push('back', now)
      end
    end
  end
  keep_until(r)
  if lt(deadline(r), before) then return reply('ok', 'lower', r) end
  return reply('ok', 'none', r)
end

if op == 'claim' then
  local r = load()
  if r == nil or r.pid ~= ARGV[8] then
    index_drop(ARGV[8])
    return { 'stale', 'drop', '', '', ARGV[8] }
  end
  if lt(now, deadline(r)) then return reply('ok', 'refile', r) end
  if not observe(r) then
    forget(r)
    return reply('ok', 'drop', nil, r.pid)
  end
  keep_until(r)
  return reply('ok', 'refile', r)
end

if op == 'status' then
  local r = load()
  if r == nil then return { '0', '0', '', '' } end
  local off = offline_at(r)
  local online = lt(now, off)
  local a = away_at(r, off)
  local away = online and (r.away or (a ~= nil and not lt(now, a)))
  local out = { online and '1' or '0', away and '1' or '0', online and fmt(r.since) or '', fmt(r.seen) }
  if online then
    for _, c in ipairs(r.conns) do
      if live(c, now) then
        out[#out + 1] = c.id
        out[#out + 1] = c.ns
        out[#out + 1] = string.format('%.0f', c.last[1])
        out[#out + 1] = string.format('%.0f', c.last[2])
      end
    end
  end
  return out
end

return redis.error_reply('tzsafe presence: unknown operation ' .. tostring(op))
