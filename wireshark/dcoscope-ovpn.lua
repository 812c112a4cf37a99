-- dcoscope-ovpn.lua: a Wireshark dissector for OpenVPN's data-channel-offload generic
-- netlink families, for captures taken on an nlmon device (and for the pcap files dcoscope
-- exports):
--   "ovpn-dco-v2" / "ovpn-dco"  the out-of-tree ovpn-dco module (OpenVPN 2.6), numbers from
--       include/uapi/linux/ovpn_dco.h, https://github.com/OpenVPN/ovpn-dco
--   "ovpn"  the mainline Linux driver (Linux 6.16, OpenVPN 2.7), numbers from
--       include/uapi/linux/ovpn.h,
--       https://github.com/torvalds/linux/blob/master/include/uapi/linux/ovpn.h
--
-- Use:  tshark -r capture.pcap -X lua_script:dcoscope-ovpn.lua
--       tshark -r capture.pcap -X lua_script:dcoscope-ovpn.lua -Y ovpn_nl.del_peer
--            -T fields -e frame.time_relative -e ovpn_nl.peer_id -e ovpn_nl.del_reason
-- or copy it into Wireshark's personal Lua plugins folder (Help > About > Folders).
--
-- Wireshark's generic netlink dissector learns a family's dynamic id from the controller's
-- CTRL_CMD_NEWFAMILY reply (OpenVPN resolves its family once at start), then hands each
-- message of that family to the dissector registered for the family's name in the
-- "genl.family" table. What it hands over starts at the generic netlink header (command,
-- version, reserved); the netlink header before it is already dissected. A capture that
-- starts after OpenVPN did leaves the family unnamed: start tcpdump before OpenVPN.
--
-- Attributes are in the capturing host's byte order; the dissector takes the order in which
-- the first attribute's length fits the message (little-endian on x86 and arm64).
--
-- This file is written for dcoscope (MIT licence); it contains no code of Wireshark,
-- OpenVPN or Linux, only the numbers of their public interfaces.

local ovpn_nl = Proto("ovpn_nl", "OpenVPN DCO generic netlink")

local REASONS = {
  [0] = "TEARDOWN",
  [1] = "USERSPACE",
  [2] = "EXPIRED",
  [3] = "TRANSPORT_ERROR",
  [4] = "TRANSPORT_DISCONNECT",
}

local f = {
  family = ProtoField.string("ovpn_nl.family", "Family"),
  cmd = ProtoField.uint8("ovpn_nl.cmd", "Command", base.DEC),
  cmd_name = ProtoField.string("ovpn_nl.cmd_name", "Command name"),
  version = ProtoField.uint8("ovpn_nl.version", "Version", base.DEC),
  notification = ProtoField.bool("ovpn_nl.notification", "Kernel notification (port id 0)"),
  del_peer = ProtoField.uint32("ovpn_nl.del_peer", "DEL_PEER notification of peer", base.DEC),
  attr = ProtoField.bytes("ovpn_nl.attr", "Attribute"),
  attr_type = ProtoField.uint16("ovpn_nl.attr_type", "Attribute type", base.DEC),
  attr_len = ProtoField.uint16("ovpn_nl.attr_len", "Attribute length", base.DEC),
  ifindex = ProtoField.uint32("ovpn_nl.ifindex", "Interface index", base.DEC),
  peer_id = ProtoField.uint32("ovpn_nl.peer_id", "Peer id", base.DEC),
  del_reason = ProtoField.uint32("ovpn_nl.del_reason", "Deletion reason", base.DEC, REASONS),
  value = ProtoField.uint64("ovpn_nl.value", "Value", base.DEC),
  ipv4 = ProtoField.ipv4("ovpn_nl.ipv4", "IPv4 address"),
  ipv6 = ProtoField.ipv6("ovpn_nl.ipv6", "IPv6 address"),
  port = ProtoField.uint16("ovpn_nl.port", "Port", base.DEC),
  data = ProtoField.bytes("ovpn_nl.data", "Data"),
}
ovpn_nl.fields = {
  f.family, f.cmd, f.cmd_name, f.version, f.notification, f.del_peer, f.attr, f.attr_type,
  f.attr_len, f.ifindex, f.peer_id, f.del_reason, f.value, f.ipv4, f.ipv6, f.port, f.data,
}

local hdr_pid = Field.new("netlink.hdr_pid")

-- Attribute tables: type -> { name, kind[, nested table] }. Kinds: "u" unsigned integer in
-- host order (its width from the length), "be" a big-endian port, "ipv4", "ipv6", "bytes",
-- "nest"; "peer", "reason" and "ifindex" are integers with their own fields.

-- ovpn-dco (include/uapi/linux/ovpn_dco.h). Its family was "ovpn-dco" until February 2023,
-- then "ovpn-dco-v2", which dropped REGISTER_PACKET and PACKET (so GET_PEER moved from 9 to 7
-- and its attribute from 9 to 8) and added link counters to the GET_PEER reply.
local DCO_KEYDIR = { [1] = { "CIPHER_KEY", "bytes" }, [2] = { "NONCE_TAIL", "bytes" } }
local DCO_NEW_PEER = {
  [1] = { "OVPN_NEW_PEER_ATTR_PEER_ID", "peer" },
  [2] = { "OVPN_NEW_PEER_ATTR_SOCKADDR_REMOTE", "bytes" },
  [3] = { "OVPN_NEW_PEER_ATTR_SOCKET", "u" },
  [4] = { "OVPN_NEW_PEER_ATTR_IPV4", "ipv4" },
  [5] = { "OVPN_NEW_PEER_ATTR_IPV6", "ipv6" },
  [6] = { "OVPN_NEW_PEER_ATTR_LOCAL_IP", "bytes" },
}
local DCO_SET_PEER = {
  [1] = { "OVPN_SET_PEER_ATTR_PEER_ID", "peer" },
  [2] = { "OVPN_SET_PEER_ATTR_KEEPALIVE_INTERVAL", "u" },
  [3] = { "OVPN_SET_PEER_ATTR_KEEPALIVE_TIMEOUT", "u" },
}
local DCO_DEL_PEER = {
  [1] = { "OVPN_DEL_PEER_ATTR_REASON", "reason" },
  [2] = { "OVPN_DEL_PEER_ATTR_PEER_ID", "peer" },
}
local DCO_NEW_KEY = {
  [1] = { "OVPN_NEW_KEY_ATTR_PEER_ID", "peer" },
  [2] = { "OVPN_NEW_KEY_ATTR_KEY_SLOT", "u" },
  [3] = { "OVPN_NEW_KEY_ATTR_KEY_ID", "u" },
  [4] = { "OVPN_NEW_KEY_ATTR_CIPHER_ALG", "u" },
  [5] = { "OVPN_NEW_KEY_ATTR_ENCRYPT_KEY", "nest", DCO_KEYDIR },
  [6] = { "OVPN_NEW_KEY_ATTR_DECRYPT_KEY", "nest", DCO_KEYDIR },
}
local DCO_SWAP_KEYS = { [1] = { "OVPN_SWAP_KEYS_ATTR_PEER_ID", "peer" } }
local DCO_DEL_KEY = {
  [1] = { "OVPN_DEL_KEY_ATTR_PEER_ID", "peer" },
  [2] = { "OVPN_DEL_KEY_ATTR_KEY_SLOT", "u" },
}
-- a GET_PEER request carries OVPN_GET_PEER_ATTR_PEER_ID (1); a reply the response attributes
local function get_peer_reply(v2)
  local t = {
    [1] = { "OVPN_GET_PEER_RESP_ATTR_PEER_ID", "peer" },
    [2] = { "OVPN_GET_PEER_RESP_ATTR_SOCKADDR_REMOTE", "bytes" },
    [3] = { "OVPN_GET_PEER_RESP_ATTR_IPV4", "ipv4" },
    [4] = { "OVPN_GET_PEER_RESP_ATTR_IPV6", "ipv6" },
    [5] = { "OVPN_GET_PEER_RESP_ATTR_LOCAL_IP", "bytes" },
    [6] = { "OVPN_GET_PEER_RESP_ATTR_LOCAL_PORT", "be" },
    [7] = { "OVPN_GET_PEER_RESP_ATTR_KEEPALIVE_INTERVAL", "u" },
    [8] = { "OVPN_GET_PEER_RESP_ATTR_KEEPALIVE_TIMEOUT", "u" },
  }
  local counters = v2 and {
    "VPN_RX_BYTES", "VPN_TX_BYTES", "VPN_RX_PACKETS", "VPN_TX_PACKETS",
    "LINK_RX_BYTES", "LINK_TX_BYTES", "LINK_RX_PACKETS", "LINK_TX_PACKETS",
  } or { "RX_BYTES", "TX_BYTES", "RX_PACKETS", "TX_PACKETS" }
  for i, name in ipairs(counters) do
    t[8 + i] = { "OVPN_GET_PEER_RESP_ATTR_" .. name, "u" }
  end
  return t
end

local DCO_V2 = {
  commands = {
    [0] = "OVPN_CMD_UNSPEC", [1] = "OVPN_CMD_NEW_PEER", [2] = "OVPN_CMD_SET_PEER",
    [3] = "OVPN_CMD_DEL_PEER", [4] = "OVPN_CMD_NEW_KEY", [5] = "OVPN_CMD_SWAP_KEYS",
    [6] = "OVPN_CMD_DEL_KEY", [7] = "OVPN_CMD_GET_PEER",
  },
  del_peer_cmd = 3,
  attrs = {
    [1] = { "OVPN_ATTR_IFINDEX", "ifindex" },
    [2] = { "OVPN_ATTR_NEW_PEER", "nest", DCO_NEW_PEER },
    [3] = { "OVPN_ATTR_SET_PEER", "nest", DCO_SET_PEER },
    [4] = { "OVPN_ATTR_DEL_PEER", "nest", DCO_DEL_PEER },
    [5] = { "OVPN_ATTR_NEW_KEY", "nest", DCO_NEW_KEY },
    [6] = { "OVPN_ATTR_SWAP_KEYS", "nest", DCO_SWAP_KEYS },
    [7] = { "OVPN_ATTR_DEL_KEY", "nest", DCO_DEL_KEY },
    [8] = { "OVPN_ATTR_GET_PEER", "nest", get_peer_reply(true) },
  },
}

local DCO_V1 = {
  commands = {
    [0] = "OVPN_CMD_UNSPEC", [1] = "OVPN_CMD_NEW_PEER", [2] = "OVPN_CMD_SET_PEER",
    [3] = "OVPN_CMD_DEL_PEER", [4] = "OVPN_CMD_NEW_KEY", [5] = "OVPN_CMD_SWAP_KEYS",
    [6] = "OVPN_CMD_DEL_KEY", [7] = "OVPN_CMD_REGISTER_PACKET", [8] = "OVPN_CMD_PACKET",
    [9] = "OVPN_CMD_GET_PEER",
  },
  del_peer_cmd = 3,
  attrs = {
    [1] = { "OVPN_ATTR_IFINDEX", "ifindex" },
    [2] = { "OVPN_ATTR_NEW_PEER", "nest", DCO_NEW_PEER },
    [3] = { "OVPN_ATTR_SET_PEER", "nest", DCO_SET_PEER },
    [4] = { "OVPN_ATTR_DEL_PEER", "nest", DCO_DEL_PEER },
    [5] = { "OVPN_ATTR_NEW_KEY", "nest", DCO_NEW_KEY },
    [6] = { "OVPN_ATTR_SWAP_KEYS", "nest", DCO_SWAP_KEYS },
    [7] = { "OVPN_ATTR_DEL_KEY", "nest", DCO_DEL_KEY },
    [8] = { "OVPN_ATTR_PACKET", "nest", {
      [1] = { "OVPN_PACKET_ATTR_PACKET", "bytes" },
      [2] = { "OVPN_PACKET_ATTR_PEER_ID", "peer" },
    } },
    [9] = { "OVPN_ATTR_GET_PEER", "nest", get_peer_reply(false) },
  },
}

-- mainline ovpn (include/uapi/linux/ovpn.h)
local OVPN_KEYDIR = {
  [1] = { "OVPN_A_KEYDIR_CIPHER_KEY", "bytes" },
  [2] = { "OVPN_A_KEYDIR_NONCE_TAIL", "bytes" },
}
local OVPN = {
  commands = {
    [1] = "OVPN_CMD_PEER_NEW", [2] = "OVPN_CMD_PEER_SET", [3] = "OVPN_CMD_PEER_GET",
    [4] = "OVPN_CMD_PEER_DEL", [5] = "OVPN_CMD_PEER_DEL_NTF", [6] = "OVPN_CMD_KEY_NEW",
    [7] = "OVPN_CMD_KEY_GET", [8] = "OVPN_CMD_KEY_SWAP", [9] = "OVPN_CMD_KEY_SWAP_NTF",
    [10] = "OVPN_CMD_KEY_DEL", [11] = "OVPN_CMD_PEER_FLOAT_NTF",
  },
  del_peer_cmd = 5,
  attrs = {
    [1] = { "OVPN_A_IFINDEX", "ifindex" },
    [2] = { "OVPN_A_PEER", "nest", {
      [1] = { "OVPN_A_PEER_ID", "peer" },
      [2] = { "OVPN_A_PEER_REMOTE_IPV4", "ipv4" },
      [3] = { "OVPN_A_PEER_REMOTE_IPV6", "ipv6" },
      [4] = { "OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID", "u" },
      [5] = { "OVPN_A_PEER_REMOTE_PORT", "be" },
      [6] = { "OVPN_A_PEER_SOCKET", "u" },
      [7] = { "OVPN_A_PEER_SOCKET_NETNSID", "u" },
      [8] = { "OVPN_A_PEER_VPN_IPV4", "ipv4" },
      [9] = { "OVPN_A_PEER_VPN_IPV6", "ipv6" },
      [10] = { "OVPN_A_PEER_LOCAL_IPV4", "ipv4" },
      [11] = { "OVPN_A_PEER_LOCAL_IPV6", "ipv6" },
      [12] = { "OVPN_A_PEER_LOCAL_PORT", "be" },
      [13] = { "OVPN_A_PEER_KEEPALIVE_INTERVAL", "u" },
      [14] = { "OVPN_A_PEER_KEEPALIVE_TIMEOUT", "u" },
      [15] = { "OVPN_A_PEER_DEL_REASON", "reason" },
      [16] = { "OVPN_A_PEER_VPN_RX_BYTES", "u" },
      [17] = { "OVPN_A_PEER_VPN_TX_BYTES", "u" },
      [18] = { "OVPN_A_PEER_VPN_RX_PACKETS", "u" },
      [19] = { "OVPN_A_PEER_VPN_TX_PACKETS", "u" },
      [20] = { "OVPN_A_PEER_LINK_RX_BYTES", "u" },
      [21] = { "OVPN_A_PEER_LINK_TX_BYTES", "u" },
      [22] = { "OVPN_A_PEER_LINK_RX_PACKETS", "u" },
      [23] = { "OVPN_A_PEER_LINK_TX_PACKETS", "u" },
      [24] = { "OVPN_A_PEER_TX_ID", "u" },
    } },
    [3] = { "OVPN_A_KEYCONF", "nest", {
      [1] = { "OVPN_A_KEYCONF_PEER_ID", "peer" },
      [2] = { "OVPN_A_KEYCONF_SLOT", "u" },
      [3] = { "OVPN_A_KEYCONF_KEY_ID", "u" },
      [4] = { "OVPN_A_KEYCONF_CIPHER_ALG", "u" },
      [5] = { "OVPN_A_KEYCONF_ENCRYPT_DIR", "nest", OVPN_KEYDIR },
      [6] = { "OVPN_A_KEYCONF_DECRYPT_DIR", "nest", OVPN_KEYDIR },
    } },
  },
}

-- the type's low 14 bits (Lua 5.2 has no bit operators): above them NLA_F_NESTED and
-- NLA_F_NET_BYTEORDER
local NLA_TYPE_SPAN = 0x4000

-- An unsigned integer of 1, 2, 4 or 8 bytes in the chosen order, as a Lua number (or UInt64).
local function uint(range, le)
  local n = range:len()
  if n == 8 then
    return le and range:le_uint64() or range:uint64()
  end
  return le and range:le_uint() or range:uint()
end

-- Dissects the attributes in tvb[offset, offset + len); `ctx` collects peer and reason.
local function attributes(tvb, tree, offset, len, table_, le, ctx, depth)
  local stop = offset + len
  while stop - offset >= 4 do
    local alen = le and tvb(offset, 2):le_uint() or tvb(offset, 2):uint()
    local atype = le and tvb(offset + 2, 2):le_uint() or tvb(offset + 2, 2):uint()
    if alen < 4 or offset + alen > stop then
      tree:add(f.data, tvb(offset, stop - offset))
          :append_text(" (malformed: attribute length " .. alen .. " does not fit)")
      return
    end
    local t = atype % NLA_TYPE_SPAN
    local spec = table_ and table_[t]
    local name = spec and spec[1] or ("attribute " .. t)
    local kind = spec and spec[2] or "bytes"
    local sub = tree:add(f.attr, tvb(offset, alen)):set_text(name)
    sub:add(f.attr_len, tvb(offset, 2), alen)
    sub:add(f.attr_type, tvb(offset + 2, 2), t)
    local plen = alen - 4
    local payload = plen > 0 and tvb(offset + 4, plen) or nil
    if payload == nil then
      sub:append_text(" (empty)")
    elseif kind == "nest" and depth < 8 then
      attributes(tvb, sub, offset + 4, plen, spec[3], le, ctx, depth + 1)
    elseif (kind == "u" or kind == "peer" or kind == "reason" or kind == "ifindex")
        and (plen == 1 or plen == 2 or plen == 4 or plen == 8) then
      local v = uint(payload, le)
      if kind == "peer" then
        sub:add(f.peer_id, payload, v)
        ctx.peer = ctx.peer or v
        sub:append_text(": " .. tostring(v))
      elseif kind == "reason" then
        sub:add(f.del_reason, payload, v)
        ctx.reason = ctx.reason or (REASONS[v] or tostring(v))
        sub:append_text(": " .. (REASONS[v] or tostring(v)))
      elseif kind == "ifindex" then
        sub:add(f.ifindex, payload, v)
        sub:append_text(": " .. tostring(v))
      else
        sub:add(f.value, payload, UInt64(v))
        sub:append_text(": " .. tostring(v))
      end
    elseif kind == "be" and plen == 2 then
      sub:add(f.port, payload)
      sub:append_text(": " .. payload:uint())
    elseif kind == "ipv4" and plen == 4 then
      sub:add(f.ipv4, payload)
      sub:append_text(": " .. tostring(payload:ipv4()))
    elseif kind == "ipv6" and plen == 16 then
      sub:add(f.ipv6, payload)
    else
      sub:add(f.data, payload)
    end
    offset = offset + alen + (4 - alen % 4) % 4
  end
end

local function make_dissector(family, spec)
  return function(tvb, pinfo, tree)
    local len = tvb:len()
    if len < 4 then
      return 0
    end
    local cmd = tvb(0, 1):uint()
    local cmd_name = spec.commands[cmd] or ("command " .. cmd)
    -- byte order: the first attribute's length read little-endian must fit, else big-endian
    local le = true
    if len >= 8 then
      local l_le = tvb(4, 2):le_uint()
      if l_le < 4 or l_le > len - 4 then
        local l_be = tvb(4, 2):uint()
        if l_be >= 4 and l_be <= len - 4 then
          le = false
        end
      end
    end
    local pids = { hdr_pid() }
    local pid = pids[#pids] and pids[#pids].value or nil
    local notification = pid == 0

    pinfo.cols.protocol:set("ovpn")
    local sub = tree:add(ovpn_nl, tvb(), "OpenVPN DCO (" .. family .. "): " .. cmd_name)
    sub:add(f.family, family)
    sub:add(f.cmd, tvb(0, 1)):append_text(" (" .. cmd_name .. ")")
    sub:add(f.cmd_name, cmd_name)
    sub:add(f.version, tvb(1, 1))
    if pid ~= nil then
      sub:add(f.notification, notification)
    end
    local ctx = {}
    if len > 4 then
      attributes(tvb, sub, 4, len - 4, spec.attrs, le, ctx, 0)
    end

    local info = cmd_name:gsub("^OVPN_CMD_", "")
    if cmd == spec.del_peer_cmd and notification and ctx.peer ~= nil then
      sub:add(f.del_peer, ctx.peer):set_generated()
      info = "DEL_PEER notification: peer " .. tostring(ctx.peer) ..
          ", reason " .. (ctx.reason or "?")
    elseif ctx.peer ~= nil then
      info = info .. " peer " .. tostring(ctx.peer)
    end
    local prior = tostring(pinfo.cols.info)
    if prior ~= "" then
      pinfo.cols.info:set(prior .. "; " .. info)
    else
      pinfo.cols.info:set(info)
    end
    return len
  end
end

-- One protocol, registered under each family name: ovpn-dco's current ("ovpn-dco-v2") and
-- earlier ("ovpn-dco") names, and mainline's "ovpn".
local genl = DissectorTable.get("genl.family")
local function register(name, spec)
  local p = Proto("ovpn_nl_" .. name:gsub("%-", "_"), "OpenVPN DCO netlink (" .. name .. ")")
  p.dissector = make_dissector(name, spec)
  genl:add(name, p)
end
register("ovpn-dco-v2", DCO_V2)
register("ovpn-dco", DCO_V1)
register("ovpn", OVPN)
