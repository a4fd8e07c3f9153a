/**
 * The token bucket of token-bucket.ts in Redis, atomic in one round trip. KEYS: the buckets of one
 * caller (one hash tag, so one Cluster slot). ARGV: cost, then points and window (ms) per key.
 * The time is Redis's own, so replicas with skewed clocks still share one budget exactly.
 * Returns allowed (1/0), then remaining, reset (ms) and retry-after (ms) per key.
 */
export const TAKE_TOKENS_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local cost = tonumber(ARGV[1])
local count = #KEYS
local tokens = {}
local allowed = 1
for i = 1, count do
  local points = tonumber(ARGV[2 * i])
  local rate = points / tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 't', 'at')
  local left = tonumber(state[1])
  local at = tonumber(state[2])
  if left == nil or at == nil then
    left = points
  else
    left = math.min(points, left + math.max(0, now - at) * rate)
  end
  tokens[i] = left
  if left < math.min(cost, points) then allowed = 0 end
end
local reply = { allowed }
for i = 1, count do
  local points = tonumber(ARGV[2 * i])
  local rate = points / tonumber(ARGV[2 * i + 1])
  local spend = math.min(cost, points)
  local left = tokens[i]
  local retry = 0
  if allowed == 1 then
    left = left - spend
    local reset = math.ceil((points - left) / rate)
    redis.call('HSET', KEYS[i], 't', tostring(left), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[i], reset + 1000)
  elseif left < spend then
    retry = math.ceil((spend - left) / rate)
  end
  reply[#reply + 1] = math.floor(left)
  reply[#reply + 1] = math.ceil((points - left) / rate)
  reply[#reply + 1] = retry
end
return reply
`;
