#!lua name=tzsafe_presence_v1
--
-- tzsafe presence in Redis: each user's state machine, run atomically by
-- Redis, as a Redis Functions library (Redis 7.0 or later).
--
-- The rules are those of `tzsafe::models::presence` (its module docs), the
-- same as the in-memory tracker's `record.rs`; the shared behaviour suite
-- and its reference model check that both stores agree. ARCHITECTURE.md
-- ("Changing a presence rule") lists what changes together.
--
-- `RedisPresence` loads this file as it is (FUNCTION LOAD REPLACE) when it
-- connects, and again whenever Redis answers that a function is missing
-- (after a restart, a failover to a node without it, FUNCTION FLUSH). The
-- library's name carries the version of its protocol (the functions' keys,
-- arguments and replies): bump it here and in `redis/protocol.rs` when the
-- protocol changes, so that two versions of tzsafe on one Redis each call
-- their own functions.
--
-- Data, under the store's key prefix:
--
--   <prefix>:user:{<user>}   the user's record, a hash: since, gone, act
--                            (instants), away ("1" while away), pid (the
--                            period id), ref (when the key's TTL is refreshed
--                            next), and per connection a field
--                            "c:<connection>" = its last heartbeat .. ref
--                            (for the user's only connection; 24 zeros for
--                            each of several) .. its namespace, so that the
--                            common heartbeat reads one field. The key
--                            expires KEEP_MS after its last refresh.
--   <prefix>:due:{<prefix>-<n>}   the deadline index, shard n: members
--                            <pid><user>, scored by the second of the user's
--                            next deadline or earlier. Sweeps read it.
--   <prefix>:held:{<prefix>-<n>}  the same members, scored by when the
--                            record's key expires (the server's clock, in
--                            milliseconds): the users counted as held. A
--                            record that expired unswept is no longer
--                            counted. Both index keys expire with the last
--                            record they list.
--
-- Instants are 24-character strings: 14 digits of seconds since the epoch
-- plus 10^13, then 10 digits of nanoseconds. They sort as the instants do,
-- so most comparisons are string comparisons, and the common heartbeat
-- formats no number (a number-to-string conversion costs Redis's Lua more
-- than anything else a heartbeat does).
--
-- Every function takes the store's rules as ARGV[1] and "now" as ARGV[2]
-- (an instant, or "" for the server's TIME). On one server the functions
-- keep the index themselves (KEYS name the index shards); in a cluster the
-- index shards live in other slots, so the record's functions return the
-- index change and the caller applies it with `index` on the shard's node.

-- The codes that cross to Rust, typed there in `redis/protocol.rs` and
-- pinned to these lines by a test: keep the `NAME = number` form.
local Reply = { OK = 0, FULL_USERS = 1, FULL_CONNS = 2, COUNT = 3, FAILED = 4 }
local Index = { NONE = 0, ADD = 1, LOWER = 2, REFILE = 3, DROP = 4 }
local Event = { CAME_ONLINE = 0, WENT_OFFLINE = 1, WENT_AWAY = 2, CAME_BACK = 3 }

local LIBRARY = 'tzsafe_presence_v1'
local NANOS = 1000000000
local OFFSET = 10000000000000
-- DateTime::<Utc>::MAX_UTC (a Rust test checks these against chrono).
local MAX_S, MAX_N = 8210266876799, 999999999
-- The refresh part of a connection's value when the user has several: an
-- instant before any now, so the common heartbeat never takes it.
local NO_REFRESH = '000000000000000000000000'
-- ZEROS[k] is k zeros, to pad TIME's digits.
local ZEROS = { [0] = '' }
for k = 1, 13 do ZEROS[k] = ZEROS[k - 1] .. '0' end

-- The standard library, bound on the first call (while a library loads,
-- Redis lets it see only `redis`), so that each use is a local's lookup.
local sub, format, gmatch, tonumber, tostring, unpack, pcall, type, floor

local function bind()
  local G = _G
  sub, format, gmatch = G.string.sub, G.string.format, G.string.gmatch
  tonumber, tostring, unpack, pcall, type = G.tonumber, G.tostring, G.unpack, G.pcall, G.type
  floor = G.math.floor
end

-- Instants --------------------------------------------------------------

-- The seconds and nanoseconds of the instant at the start of `text` (a
-- connection's value holds its namespace after it).
local function decode(text)
  local secs, nanos = tonumber(sub(text, 1, 14)), tonumber(sub(text, 15, 24))
  if secs == nil or nanos == nil then
    error('tzsafe presence: a record holds ' .. tostring(text) .. ' where an instant belongs')
  end
  return secs - OFFSET, nanos
end

local function encode(secs, nanos)
  return format('%014.0f%010.0f', secs + OFFSET, nanos)
end

local function earlier(a_secs, a_nanos, b_secs, b_nanos)
  return a_secs < b_secs or (a_secs == b_secs and a_nanos < b_nanos)
end

-- (secs, nanos) + (delta_secs, delta_nanos) as chrono adds (a leap second
-- is left by whole seconds), capped at MAX.
local function add(secs, nanos, delta_secs, delta_nanos)
  if nanos >= NANOS then
    if delta_secs > 0 or nanos + delta_nanos >= 2 * NANOS then
      nanos = nanos - NANOS
    else
      return secs, nanos + delta_nanos
    end
  end
  nanos = nanos + delta_nanos
  if nanos >= NANOS then
    nanos = nanos - NANOS
    secs = secs + 1
  end
  secs = secs + delta_secs
  if earlier(MAX_S, MAX_N, secs, nanos) then return MAX_S, MAX_N end
  return secs, nanos
end

-- Whether now is before the instant at the start of `text` plus a delta:
-- from the seconds alone when they decide it (a sum's seconds are at least
-- the two seconds' sum, up to MAX), else exactly. The common heartbeat's
-- checks, without decoding the nanoseconds.
local function before_sum(now_secs, now_nanos, text, delta_secs, delta_nanos)
  local secs = tonumber(sub(text, 1, 14))
  if secs ~= nil then
    secs = secs - OFFSET + delta_secs
    if now_secs < secs and secs <= MAX_S then return true end
  end
  local sum_secs, sum_nanos = decode(text)
  sum_secs, sum_nanos = add(sum_secs, sum_nanos, delta_secs, delta_nanos)
  return earlier(now_secs, now_nanos, sum_secs, sum_nanos)
end

-- The server's clock in milliseconds, the unit of key expiries (TIME's
-- answer is kept in `x.time`, one TIME per call).
local function server_ms(x)
  if x.time == nil then x.time = redis.call('TIME') end
  return tonumber(x.time[1]) * 1000 + floor(tonumber(x.time[2]) / 1000)
end

-- Now, from ARGV[2], for every user of a call: {now, secs, nanos, time}
-- from the caller's instant, or from the server's TIME written as an
-- instant from its digits (no number to format; the server's clock is after
-- 1970 and before 10^13 seconds).
local function clock_of(arg)
  if arg ~= '' then
    local secs, nanos = decode(arg)
    return { now = arg, secs = secs, nanos = nanos }
  end
  local time = redis.call('TIME')
  local secs, micros = time[1], time[2]
  return {
    now = '1' .. ZEROS[13 - #secs] .. secs .. ZEROS[7 - #micros] .. micros .. '000',
    secs = tonumber(secs),
    nanos = tonumber(micros) * 1000,
    time = time,
  }
end

-- Rules -----------------------------------------------------------------

-- The rules, as `RedisPresence` writes them (`rules_arg` in
-- `redis/protocol.rs`): eleven numbers separated by spaces, "-" for none.
local RULE_NAMES = {
  'ttl_secs', 'ttl_nanos', 'grace_secs', 'grace_nanos', 'away_secs', 'away_nanos',
  'keep_ms', 'refresh_secs', 'refresh_nanos', 'max_conns', 'max_users',
}

-- Parsed once per distinct text (a few per server), not on every call.
local parsed_rules, parsed_count = {}, 0

local function rules_of(text)
  local rules = parsed_rules[text]
  if rules ~= nil then return rules end
  rules = {}
  local count = 0
  for word in gmatch(text, '%S+') do
    count = count + 1
    if RULE_NAMES[count] == nil or (word ~= '-' and tonumber(word) == nil) then
      error('tzsafe presence: unreadable rules ' .. text)
    end
    rules[RULE_NAMES[count]] = tonumber(word)
  end
  if count ~= #RULE_NAMES then error('tzsafe presence: unreadable rules ' .. text) end
  if parsed_count >= 64 then parsed_rules, parsed_count = {}, 0 end
  parsed_rules[text], parsed_count = rules, parsed_count + 1
  return rules
end

-- One user's part of a call: the rules, now, the user's keys, the period
-- id, what it reports and writes.
local function context(rules, clock, record, due, held, user, pid)
  return {
    rules = rules, now = clock.now, now_secs = clock.secs, now_nanos = clock.nanos,
    time = clock.time, record = record, due = due, held = held, user = user, pid = pid,
    events = {}, writes = {}, refresh = false,
  }
end

local function push(x, kind, instant)
  local events = x.events
  events[#events + 1] = kind
  events[#events + 1] = instant
end

-- Fields for the one HSET that `save` sends.
local function set(x, field, value)
  local writes = x.writes
  writes[#writes + 1] = field
  writes[#writes + 1] = value
end

-- The record ------------------------------------------------------------

-- The user's record as a table (nil when there is none): since, gone, act,
-- pid, ref, away, and conns, each {id, last, namespace, value (as
-- stored)}.
local function load(x)
  local flat = redis.call('HGETALL', x.record)
  if #flat == 0 then return nil end
  local record = { conns = {}, away = false }
  local conns = record.conns
  for i = 1, #flat, 2 do
    local field, value = flat[i], flat[i + 1]
    if sub(field, 1, 2) == 'c:' then
      conns[#conns + 1] = { id = sub(field, 3), last = sub(value, 1, 24), namespace = sub(value, 49), value = value }
    elseif field == 'away' then
      record.away = true
    elseif field == 'since' or field == 'gone' or field == 'act' or field == 'pid' or field == 'ref' then
      record[field] = value
    end
  end
  return record
end

-- When connection `conn` expires.
local function expiry(conn, rules)
  if conn.expiry_secs == nil then
    local secs, nanos = decode(conn.last)
    conn.expiry_secs, conn.expiry_nanos = add(secs, nanos, rules.ttl_secs, rules.ttl_nanos)
  end
  return conn.expiry_secs, conn.expiry_nanos
end

local function is_live(conn, x)
  local secs, nanos = expiry(conn, x.rules)
  return earlier(x.now_secs, x.now_nanos, secs, nanos)
end

-- The period's latest heartbeat or disconnect: `gone` (the latest
-- disconnect, and the last heartbeats of dropped connections) or a held
-- connection's last heartbeat, whichever is later.
local function last_seen(record)
  local seen = record.gone
  for i = 1, #record.conns do
    local last = record.conns[i].last
    if last > seen then seen = last end
  end
  return seen
end

-- The first instant the user is offline: the latest expiry of a connection,
-- or (with none left) the end of the grace after the last disconnect.
local function offline_at(record, x)
  local conns = record.conns
  if #conns == 0 then
    local secs, nanos = decode(record.gone)
    return add(secs, nanos, x.rules.grace_secs, x.rules.grace_nanos)
  end
  local latest_secs, latest_nanos = expiry(conns[1], x.rules)
  for i = 2, #conns do
    local secs, nanos = expiry(conns[i], x.rules)
    if earlier(latest_secs, latest_nanos, secs, nanos) then latest_secs, latest_nanos = secs, nanos end
  end
  return latest_secs, latest_nanos
end

-- When the user goes away if nothing happens before, if they are not away
-- and go away before going offline.
local function away_at(record, x, offline_secs, offline_nanos)
  local rules = x.rules
  if rules.away_secs == nil or record.away then return nil end
  local secs, nanos = decode(record.act)
  secs, nanos = add(secs, nanos, rules.away_secs, rules.away_nanos)
  if earlier(secs, nanos, offline_secs, offline_nanos) then return secs, nanos end
  return nil
end

-- The second of the next deadline: the index's score.
local function next_deadline(record, x)
  local offline_secs, offline_nanos = offline_at(record, x)
  return away_at(record, x, offline_secs, offline_nanos) or offline_secs
end

-- Reports what has happened by now: the pending away, then offline (true
-- when the user went offline: the caller drops the record). Connections
-- seen expired are dropped, so that no call dated earlier lists them again.
local function observe(record, x)
  local now_secs, now_nanos = x.now_secs, x.now_nanos
  local offline_secs, offline_nanos = offline_at(record, x)
  local away_secs, away_nanos = away_at(record, x, offline_secs, offline_nanos)
  if away_secs ~= nil and not earlier(now_secs, now_nanos, away_secs, away_nanos) then
    record.away = true
    -- At once, not with `save`: activity may take it back in the same call.
    redis.call('HSET', x.record, 'away', '1')
    push(x, Event.WENT_AWAY, encode(away_secs, away_nanos))
  end
  if not earlier(now_secs, now_nanos, offline_secs, offline_nanos) then
    push(x, Event.WENT_OFFLINE, last_seen(record))
    return true
  end
  local kept, dropped = {}, {}
  for _, conn in ipairs(record.conns) do
    if is_live(conn, x) then
      kept[#kept + 1] = conn
    else
      dropped[#dropped + 1] = 'c:' .. conn.id
      if conn.last > record.gone then record.gone = conn.last end
    end
  end
  if #dropped > 0 then
    redis.call('HDEL', x.record, unpack(dropped))
    record.conns = kept
    set(x, 'gone', record.gone)
  end
  return false
end

-- The key's TTL: refreshed only when the instant `ref` has passed (half of
-- keep_unswept_for after the last refresh), so the common heartbeat does
-- not pay for it. The key then lives KEEP_MS on the server's clock: past
-- the longest deadline a change can set, plus the margin.
local function refresh_due(record, x)
  if record.ref == nil or record.ref < x.now then
    local secs, nanos = add(x.now_secs, x.now_nanos, x.rules.refresh_secs, x.rules.refresh_nanos)
    record.ref = encode(secs, nanos)
    set(x, 'ref', record.ref)
    x.refresh = true
  end
end

-- Writes what changed (one HSET), then the key's expiry when due. A
-- connection's value carries `ref` when it is the user's only one.
local function save(record, x)
  refresh_due(record, x)
  local refresh = #record.conns == 1 and record.ref or NO_REFRESH
  for _, conn in ipairs(record.conns) do
    local value = conn.last .. refresh .. conn.namespace
    if value ~= conn.value then
      conn.value = value
      set(x, 'c:' .. conn.id, value)
    end
  end
  if #x.writes > 0 then redis.call('HSET', x.record, unpack(x.writes)) end
  if x.refresh then
    x.expires = server_ms(x) + x.rules.keep_ms
    redis.call('PEXPIREAT', x.record, x.expires)
  end
end

-- The index ---------------------------------------------------------------

-- `key` lives at least until `ms` (GT does not set a key without a TTL).
local function outlive(key, ms)
  if redis.call('PEXPIREAT', key, ms, 'GT') == 0 then redis.call('PEXPIREAT', key, ms, 'NX') end
end

-- An index change: the old member goes, the member is filed by `action`,
-- and when the record's key got a new expiry, `held` follows it and both
-- index keys live at least as long.
local function change_index(due, held, action, deadline, member, old_member, expires)
  if old_member ~= nil then
    redis.call('ZREM', due, old_member)
    redis.call('ZREM', held, old_member)
  end
  if action == Index.ADD then
    redis.call('ZADD', due, deadline, member)
  elseif action == Index.LOWER then
    redis.call('ZADD', due, 'LT', deadline, member)
  elseif action == Index.REFILE then
    redis.call('ZADD', due, 'XX', deadline, member)
  end
  if expires ~= nil then
    -- GT: in a cluster two refreshes' index changes may arrive out of order.
    redis.call('ZADD', held, 'GT', expires, member)
    outlive(due, expires)
    outlive(held, expires)
  end
end

-- The answer of a call that changed or read a record: {code, index action,
-- deadline, pid, old pid, expires, events...} (pid and deadline false when
-- there is no record or no index change, old pid false when no member
-- goes, expires false when the key's TTL was not refreshed). On one server
-- the index change is made here.
local function reply(x, action, record, old_pid)
  local deadline, pid = false, false
  if record ~= nil then
    pid = record.pid
    if action ~= Index.NONE then deadline = next_deadline(record, x) end
  end
  if x.due ~= nil then
    local old_member = nil
    if old_pid then old_member = old_pid .. x.user end
    change_index(x.due, x.held, action, deadline, pid and pid .. x.user, old_member, x.expires)
  end
  local out = { Reply.OK, action, deadline, pid, old_pid or false, x.expires or false }
  for _, value in ipairs(x.events) do out[#out + 1] = value end
  return out
end

-- The user went offline: the record goes, and its index entries.
local function drop(x, record)
  redis.call('DEL', x.record)
  return reply(x, Index.DROP, nil, record.pid)
end

-- A new online period from now on, with one connection.
local function start(x, conn, namespace)
  redis.call('DEL', x.record)
  local now = x.now
  local record = {
    conns = { { id = conn, last = now, namespace = namespace } },
    since = now, gone = now, act = now, away = false, pid = x.pid,
  }
  x.writes = {}
  set(x, 'since', now)
  set(x, 'gone', now)
  set(x, 'act', now)
  set(x, 'pid', x.pid)
  save(record, x)
  push(x, Event.CAME_ONLINE, now)
  return record
end

-- How many users the held shards `keys[from..]` count now.
local function count_held(x, keys, from)
  local ms, held = server_ms(x), 0
  for i = from, #keys do held = held + redis.call('ZCOUNT', keys[i], ms, '+inf') end
  return held
end

-- Heartbeats ----------------------------------------------------------------

-- A heartbeat the common path did not take. A new user under a max_users
-- limit is created only when `counted` is "1" (the caller counted) or when
-- KEYS[count_from..] are every held shard (one server: counted here,
-- atomically with creating); else the answer is COUNT.
local function heartbeat_general(x, conn, namespace, counted, keys, count_from)
  local rules = x.rules
  local record = load(x)
  -- A period starts with one connection: refused only by a limit of none.
  local none = rules.max_conns == 0
  if record == nil then
    if rules.max_users ~= nil and counted ~= '1' then
      if count_from == nil or #keys < count_from then return { Reply.COUNT } end
      local held = count_held(x, keys, count_from)
      if held >= rules.max_users then return { Reply.FULL_USERS, held } end
    end
    if none then return { Reply.FULL_CONNS, 0 } end
    return reply(x, Index.ADD, start(x, conn, namespace))
  end
  local target, live = nil, 0
  for _, held_conn in ipairs(record.conns) do
    if is_live(held_conn, x) then
      live = live + 1
      if held_conn.id == conn then target = held_conn end
    end
  end
  local offline_secs, offline_nanos = offline_at(record, x)
  if not earlier(x.now_secs, x.now_nanos, offline_secs, offline_nanos) then
    if none then return { Reply.FULL_CONNS, 0 } end
    observe(record, x)
    return reply(x, Index.ADD, start(x, conn, namespace), record.pid)
  end
  if target == nil and rules.max_conns ~= nil and live >= rules.max_conns then
    return { Reply.FULL_CONNS, live }
  end
  observe(record, x)
  if target == nil then
    record.conns[#record.conns + 1] = { id = conn, last = x.now, namespace = namespace }
  elseif target.last < x.now then
    -- A newer heartbeat on a live connection (one dated at or before its
    -- last heartbeat changes nothing).
    target.last, target.namespace = x.now, namespace
  end
  save(record, x)
  return reply(x, Index.NONE, record)
end

-- A heartbeat: the common case first, straight from the connection's field
-- (no context, no record table): the user's one connection (its value
-- carries the record's `ref`, 24 zeros when there are several), live (so the
-- user is online, and nothing can have happened since its last heartbeat
-- but going away), away not pending, the key's TTL not due for a refresh.
-- One HGET (HMGET with away_after), and an HSET when the heartbeat is newer;
-- the answer is the bare OK code. Anything else takes the general path,
-- which reads the whole record. Only a user's one connection: another may
-- have expired, and an expired connection is dropped by the first call that
-- sees it.
local function heartbeat_one(rules, clock, keys, first, user, pid, conn, namespace, counted, count_from)
  local record, now = keys[first], clock.now
  local field = 'c:' .. conn
  local value, act, away
  if rules.away_secs == nil then
    value = redis.call('HGET', record, field)
  else
    local fields = redis.call('HMGET', record, field, 'act', 'away')
    value, act, away = fields[1], fields[2], fields[3]
  end
  if value then
    local ref = sub(value, 25, 48)
    local quick = now <= ref and before_sum(clock.secs, clock.nanos, value, rules.ttl_secs, rules.ttl_nanos)
    if quick and rules.away_secs ~= nil and not away then
      quick = act and before_sum(clock.secs, clock.nanos, act, rules.away_secs, rules.away_nanos)
    end
    if quick then
      if sub(value, 1, 24) < now then redis.call('HSET', record, field, now .. ref .. namespace) end
      return Reply.OK
    end
  end
  local x = context(rules, clock, record, keys[first + 1], keys[first + 2], user, pid)
  return heartbeat_general(x, conn, namespace, counted, keys, count_from)
end

-- KEYS: the record, then (one server) its due and held shards and, for a
-- new user under max_users, every held shard. ARGV: rules, now, user, a
-- fresh period id (16 hex digits), connection, namespace, and "1" when a
-- new user may be created without counting (the caller counted).
local function heartbeat(keys, args)
  if sub == nil then bind() end
  return heartbeat_one(rules_of(args[1]), clock_of(args[2]), keys, 1, args[3], args[4], args[5], args[6], args[7], 4)
end

-- Many heartbeats at one now (one server). KEYS: each user's record, due
-- and held shard; ARGV: rules, now, then four per user (user, fresh period
-- id, connection, namespace). Each user is handled as one heartbeat call
-- would handle them, in order, inside pcall, so that one user's failure is
-- that user's answer and the others' events are still returned. Answers
-- {position from 0, answer} pairs for the users whose heartbeat was not the
-- common one ({FAILED, message} for a failure); a new user under a
-- max_users limit answers COUNT (the caller sends them alone, with every
-- held shard).
local function batch(keys, args)
  if sub == nil then bind() end
  local rules, clock = rules_of(args[1]), clock_of(args[2])
  local out = {}
  for position = 0, (#args - 2) / 4 - 1 do
    local a = 3 + 4 * position
    local done, answer = pcall(heartbeat_one, rules, clock, keys, 1 + 3 * position,
      args[a], args[a + 1], args[a + 2], args[a + 3], '', nil)
    if not done then
      answer = { Reply.FAILED, type(answer) == 'table' and answer.err or tostring(answer) }
    end
    if answer ~= Reply.OK then
      out[#out + 1] = position
      out[#out + 1] = answer
    end
  end
  return out
end

-- Disconnects, activity, sweeps ---------------------------------------------

-- The record of a call that reports what is pending first: nil (with the
-- answer) when there is no record or the user went offline.
local function observed(x)
  local record = load(x)
  if record == nil then return nil, reply(x, Index.NONE, nil) end
  record.deadline = next_deadline(record, x)
  if observe(record, x) then return nil, drop(x, record) end
  return record
end

-- Saves `record` and answers, filing the user earlier if the deadline moved
-- earlier (a disconnect with a grace shorter than the rest of the TTL).
local function save_and_reply(x, record)
  save(record, x)
  if next_deadline(record, x) < record.deadline then return reply(x, Index.LOWER, record) end
  return reply(x, Index.NONE, record)
end

-- KEYS: the record, then (one server) its due and held shards. ARGV: rules,
-- now, user, connection.
local function disconnect(keys, args)
  if sub == nil then bind() end
  local x = context(rules_of(args[1]), clock_of(args[2]), keys[1], keys[2], keys[3], args[3])
  local record, answer = observed(x)
  if record == nil then return answer end
  local conn = args[4]
  for i, held_conn in ipairs(record.conns) do
    if held_conn.id == conn then
      table.remove(record.conns, i)
      redis.call('HDEL', x.record, 'c:' .. conn)
      local gone = record.gone
      if x.now > gone then gone = x.now end
      if held_conn.last > gone then gone = held_conn.last end
      record.gone = gone
      set(x, 'gone', gone)
      if observe(record, x) then return drop(x, record) end
      break
    end
  end
  return save_and_reply(x, record)
end

-- KEYS: as disconnect. ARGV: rules, now, user.
local function activity(keys, args)
  if sub == nil then bind() end
  local x = context(rules_of(args[1]), clock_of(args[2]), keys[1], keys[2], keys[3], args[3])
  local record, answer = observed(x)
  if record == nil then return answer end
  if record.act < x.now then
    record.act = x.now
    set(x, 'act', x.now)
    if record.away then
      record.away = false
      redis.call('HDEL', x.record, 'away')
      push(x, Event.CAME_BACK, x.now)
    end
  end
  return save_and_reply(x, record)
end

-- Claims one index member for a sweep: reports what is due, files the user
-- again at their real deadline, or drops a member whose period is over.
local function claim(x)
  local record = load(x)
  if record == nil or record.pid ~= x.pid then
    return reply(x, Index.DROP, nil, x.pid)
  end
  local offline_secs, offline_nanos = offline_at(record, x)
  local due_secs, due_nanos = away_at(record, x, offline_secs, offline_nanos)
  if due_secs == nil then due_secs, due_nanos = offline_secs, offline_nanos end
  if earlier(x.now_secs, x.now_nanos, due_secs, due_nanos) then return reply(x, Index.REFILE, record) end
  if observe(record, x) then return drop(x, record) end
  save(record, x)
  return reply(x, Index.REFILE, record)
end

-- KEYS: for each member, the record, then (one server) its due and held
-- shards. ARGV: rules, now, then two per member (user, period id). Answers
-- one answer per member, in order ({FAILED, message} for a failure).
local function sweep(keys, args)
  if sub == nil then bind() end
  local rules, clock = rules_of(args[1]), clock_of(args[2])
  local members = (#args - 2) / 2
  local keys_per_member = #keys / members
  local out = {}
  for position = 0, members - 1 do
    local k = 1 + keys_per_member * position
    local x = context(rules, clock, keys[k], nil, nil, args[3 + 2 * position], args[4 + 2 * position])
    if keys_per_member == 3 then x.due, x.held = keys[k + 1], keys[k + 2] end
    local done, answer = pcall(claim, x)
    if not done then
      answer = { Reply.FAILED, type(answer) == 'table' and answer.err or tostring(answer) }
    end
    out[#out + 1] = answer
  end
  return out
end

-- Reads -------------------------------------------------------------------

-- KEYS: the record. ARGV: rules, now. Answers {online, away, since, last
-- seen, then connection, namespace, last heartbeat for each live
-- connection} (flags 1 or 0; since false when offline; everything false or
-- 0 when there is no record).
local function status(keys, args)
  if sub == nil then bind() end
  local x = context(rules_of(args[1]), clock_of(args[2]), keys[1])
  local record = load(x)
  if record == nil then return { 0, 0, false, false } end
  local offline_secs, offline_nanos = offline_at(record, x)
  local online = earlier(x.now_secs, x.now_nanos, offline_secs, offline_nanos)
  local away_secs, away_nanos = away_at(record, x, offline_secs, offline_nanos)
  local away = online and (record.away or (away_secs ~= nil and not earlier(x.now_secs, x.now_nanos, away_secs, away_nanos)))
  local out = { online and 1 or 0, away and 1 or 0, online and record.since, last_seen(record) }
  if online then
    for _, conn in ipairs(record.conns) do
      if is_live(conn, x) then
        out[#out + 1] = conn.id
        out[#out + 1] = conn.namespace
        out[#out + 1] = conn.last
      end
    end
  end
  return out
end

-- KEYS: held shards. How many users they count now.
local function count(keys, args)
  if sub == nil then bind() end
  return count_held({}, keys, 1)
end

-- KEYS: held shards. The members they count now (<pid><user>).
local function online(keys, args)
  if sub == nil then bind() end
  local ms, out = server_ms({}), {}
  for _, key in ipairs(keys) do
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', key, ms, '+inf')) do out[#out + 1] = member end
  end
  return out
end

-- KEYS: a due and a held shard (one slot). ARGV: index action, deadline,
-- member, old member, expires ("" for none). In a cluster, the index change
-- a record's function answered, made on the index's node.
local function index(keys, args)
  if sub == nil then bind() end
  local function given(arg) if arg == '' then return nil end return arg end
  change_index(keys[1], keys[2], tonumber(args[1]), args[2], args[3], given(args[4]), given(args[5]))
  return Reply.OK
end

local function register(name, callback, flags)
  redis.register_function { function_name = LIBRARY .. '_' .. name, callback = callback, flags = flags }
end

register('heartbeat', heartbeat)
register('batch', batch)
register('disconnect', disconnect)
register('activity', activity)
register('sweep', sweep)
register('status', status, { 'no-writes' })
register('count', count, { 'no-writes' })
register('online', online, { 'no-writes' })
register('index', index)
