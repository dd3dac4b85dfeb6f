import 'server-only';
export { createTenant, listTenantsForUser, findMembership, type TenantSummary } from './tenants';
export { createTenantInput, tenantSlugSchema, type CreateTenantInput } from './schemas';
export { slugify } from './slug';
export { roles, type Role, type Tenant, type Membership } from './schema';
export { can, authorize, policy, type Action } from './policies';
