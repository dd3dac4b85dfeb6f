/**
 * One complete WebSocket text frame as it goes on the wire from a server
 * (RFC 6455 §5.2: FIN, opcode 1, unmasked, the payload length in 7, 16 or 64
 * bits). An event sent to a channel is the same bytes for every subscriber:
 * framed and UTF-8 encoded once here, the buffer is written to each socket as
 * it is, where ws.send would encode and frame it again per socket.
 */
export function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
