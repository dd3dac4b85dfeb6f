import 'server-only';
export { createTenant, listTenantsForUser, findMembership, tenantSlug, type TenantSummary } from './tenants';
export {
  createTenantInput,
  tenantSlugSchema,
  inviteMemberInput,
  changeRoleInput,
  memberIdInput,
  createApiTokenInput,
  idInput,
  type CreateTenantInput,
} from './schemas';
export { slugify } from './slug';
export { roles, type Role, type Tenant, type Membership } from './schema';
export { can, authorize, policy, type Action } from './policies';
export { listMembers, membersAmong, changeMemberRole, removeMember } from './members';
export { isOnlyOwner } from './isOnlyOwner';
export { createInvitation, listPendingInvitations, revokeInvitation, describeInvitation, acceptInvitation, invitationLifetimeMs } from './invitations';
export { createApiToken, listApiTokens, revokeApiToken, resolveApiToken, type ApiTokenCaller } from './apiTokens';
export {
  WorkspaceCreated,
  MemberInvited,
  InvitationRevoked,
  MemberJoined,
  MemberRoleChanged,
  MemberRemoved,
  ApiTokenCreated,
  ApiTokenRevoked,
  workspaceStream,
} from './workspaceEvents';
