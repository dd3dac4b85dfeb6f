/**
 * Presence members of one channel, counted by user_id: a user with three
 * sockets is one member, added on the first socket and removed with the last.
 */
export type PresenceMember = { userId: string; userInfo: unknown };

export class PresenceMembers {
  private readonly members = new Map<string, { userInfo: unknown; sockets: number }>();

  /** True when this socket is the user's first on the channel. */
  join(member: PresenceMember): boolean {
    const existing = this.members.get(member.userId);
    if (existing) {
      existing.sockets += 1;
      return false;
    }
    this.members.set(member.userId, { userInfo: member.userInfo, sockets: 1 });
    return true;
  }

  /** True when the user's last socket left the channel. */
  leave(userId: string): boolean {
    const existing = this.members.get(userId);
    if (!existing) return false;
    existing.sockets -= 1;
    if (existing.sockets > 0) return false;
    this.members.delete(userId);
    return true;
  }

  get count(): number {
    return this.members.size;
  }

  userIds(): string[] {
    return [...this.members.keys()];
  }

  /** The `data` of pusher_internal:subscription_succeeded on a presence channel. */
  snapshot(): { presence: { ids: string[]; hash: Record<string, unknown>; count: number } } {
    const hash: Record<string, unknown> = {};
    for (const [id, { userInfo }] of this.members) hash[id] = userInfo ?? null;
    return { presence: { ids: this.userIds(), hash, count: this.members.size } };
  }
}

/** channel_data as the client sent it: a JSON string with a user_id (string or number) and optional user_info. */
export function parseChannelData(channelData: unknown): PresenceMember | undefined {
  if (typeof channelData !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { user_id: userId, user_info: userInfo } = parsed as Record<string, unknown>;
  if (typeof userId === 'number' && Number.isFinite(userId)) return { userId: String(userId), userInfo };
  if (typeof userId === 'string' && userId !== '' && userId.length <= 128) return { userId, userInfo };
  return undefined;
}
