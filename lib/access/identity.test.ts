import { describe, expect, it } from 'vitest';
import { describeIdentity, reviewGroups } from './identity';
import { identityFromClaims, type ClaimMapping } from './oidcClaims';
import { identityFromProxyHeaders, OAUTH2_PROXY_HEADERS } from './proxyHeaders';

describe('proxy headers', () => {
  it('reads oauth2-proxy headers (Node lower-cases names), groups comma-separated over one or more headers', () => {
    const id = identityFromProxyHeaders({ 'x-forwarded-user': ' alice ', 'x-forwarded-email': 'alice@example.com', 'x-forwarded-groups': ['data-eng, oncall', 'oncall,,admins'] }, OAUTH2_PROXY_HEADERS);
    expect(id).toEqual({ user: 'alice', email: 'alice@example.com', groups: ['data-eng', 'oncall', 'admins'] });
  });

  it('falls back to the email; names nobody without either', () => {
    expect(identityFromProxyHeaders({ 'x-forwarded-email': 'bob@example.com' }, OAUTH2_PROXY_HEADERS)).toEqual({ user: 'bob@example.com', email: 'bob@example.com', groups: [] });
    expect(identityFromProxyHeaders({ 'x-forwarded-groups': 'admins' }, OAUTH2_PROXY_HEADERS)).toBeNull();
    expect(identityFromProxyHeaders({ 'x-forwarded-user': '   ' }, OAUTH2_PROXY_HEADERS)).toBeNull();
  });

  it('takes configured header names', () => {
    const names = { user: 'X-Auth-Request-User', email: 'X-Auth-Request-Email', groups: 'X-Auth-Request-Groups' };
    expect(identityFromProxyHeaders({ 'x-auth-request-user': 'carol', 'x-forwarded-user': 'mallory' }, names)).toEqual({ user: 'carol', groups: [] });
  });
});

describe('ID token claims', () => {
  const mapping: ClaimMapping = { issuer: 'https://idp.example.com', usernameClaim: 'email', groupsClaim: 'groups' };

  it('maps email and groups as kube-apiserver does, with prefixes', () => {
    expect(identityFromClaims({ email: 'alice@example.com', email_verified: true, groups: ['eng'] }, mapping))
      .toEqual({ ok: true, identity: { user: 'alice@example.com', email: 'alice@example.com', groups: ['eng'] } });
    expect(identityFromClaims({ email: 'a@x', groups: 'eng' }, { ...mapping, usernamePrefix: 'oidc:', groupsPrefix: 'oidc:' }))
      .toEqual({ ok: true, identity: { user: 'oidc:a@x', email: 'a@x', groups: ['oidc:eng'] } });
  });

  it('prefixes claims other than email with the issuer by default, none with "-"', () => {
    expect(identityFromClaims({ sub: '1234' }, { ...mapping, usernameClaim: 'sub' })).toEqual({ ok: true, identity: { user: 'https://idp.example.com#1234', groups: [] } });
    expect(identityFromClaims({ sub: '1234' }, { ...mapping, usernameClaim: 'sub', usernamePrefix: '-' })).toEqual({ ok: true, identity: { user: '1234', groups: [] } });
  });

  it('refuses tokens that name nobody, unverified emails and malformed groups', () => {
    expect(identityFromClaims({ sub: 'x' }, mapping)).toMatchObject({ ok: false, error: expect.stringContaining('no email claim') });
    expect(identityFromClaims({ email: 'a@x', email_verified: false }, mapping)).toMatchObject({ ok: false, error: expect.stringContaining('not verified') });
    expect(identityFromClaims({ email: 'a@x', groups: [1, 2] }, mapping)).toMatchObject({ ok: false, error: expect.stringContaining('groups claim') });
  });
});

describe('identity', () => {
  it('is described for sentences, and reviewed with system:authenticated once', () => {
    expect(describeIdentity({ user: 'alice', groups: ['a', 'b'] })).toBe('alice, groups: a, b');
    expect(describeIdentity({ user: 'bob', groups: [] })).toBe('bob, no groups');
    expect(reviewGroups({ user: 'bob', groups: ['x'] })).toEqual(['x', 'system:authenticated']);
    expect(reviewGroups({ user: 'bob', groups: ['system:authenticated'] })).toEqual(['system:authenticated']);
  });
});
