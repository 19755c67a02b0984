/** Port: bearer tokens of the REST API, kept only as hashes, each with an expiry. */
export abstract class ApiTokenStore {
  /** Issues a new token for the subscriber; the secret is returned once and never stored. */
  abstract issue(subscriberId: string): Promise<{ token: string; expiresInSeconds: number }>;
  /** The subscriber a live token belongs to, or null. */
  abstract resolve(token: string): Promise<string | null>;
  abstract revoke(token: string): Promise<void>;
  /** Revokes every token of the subscriber except `exceptToken`; returns how many. */
  abstract revokeAllOf(subscriberId: string, exceptToken?: string): Promise<number>;
}
