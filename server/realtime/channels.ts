import { channelKind, type ChannelKind } from './names';
import { PresenceMembers, type PresenceMember } from './presence';
import { encodeTextFrame } from './wireFrame';

/** What the channel registry needs of a connection. */
export interface Subscriber {
  readonly socketId: string;
  /** Sends a complete WebSocket frame (see wireFrame.ts), shared by every subscriber it goes to; false when it was not sent. */
  sendEncoded(frame: Buffer): boolean;
}

export class Channel {
  readonly kind: ChannelKind;
  readonly subscribers = new Map<Subscriber, PresenceMember | undefined>();
  readonly members: PresenceMembers | undefined;

  constructor(readonly name: string) {
    this.kind = channelKind(name);
    this.members = this.kind === 'presence' ? new PresenceMembers() : undefined;
  }

  /** Sends one frame to every subscriber but `except`, encoded once for all of them. Returns how many received it. */
  broadcast(frame: string, except?: Subscriber): number {
    let encoded: Buffer | undefined;
    let sent = 0;
    for (const subscriber of this.subscribers.keys()) {
      if (subscriber === except) continue;
      encoded ??= encodeTextFrame(frame);
      if (subscriber.sendEncoded(encoded)) sent += 1;
    }
    return sent;
  }
}

/** Every occupied channel of one app; a channel exists while it has a subscriber. */
export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();

  get(name: string): Channel | undefined {
    return this.channels.get(name);
  }

  occupied(): Iterable<Channel> {
    return this.channels.values();
  }

  /** Adds the subscriber; `memberAdded` is true when a presence user arrives with their first socket. */
  add(name: string, subscriber: Subscriber, member?: PresenceMember): { channel: Channel; alreadySubscribed: boolean; memberAdded: boolean } {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(name);
      this.channels.set(name, channel);
    }
    if (channel.subscribers.has(subscriber)) return { channel, alreadySubscribed: true, memberAdded: false };
    channel.subscribers.set(subscriber, member);
    const memberAdded = member !== undefined && channel.members !== undefined && channel.members.join(member);
    return { channel, alreadySubscribed: false, memberAdded };
  }

  /** Removes the subscriber; `memberRemoved` names the presence user whose last socket left. */
  remove(name: string, subscriber: Subscriber): { channel?: Channel; memberRemoved?: PresenceMember } {
    const channel = this.channels.get(name);
    if (!channel || !channel.subscribers.has(subscriber)) return {};
    const member = channel.subscribers.get(subscriber);
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size === 0) this.channels.delete(name);
    const memberRemoved = member !== undefined && channel.members !== undefined && channel.members.leave(member.userId) ? member : undefined;
    return { channel, memberRemoved };
  }
}
