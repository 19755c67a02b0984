/** Port: every way a subscriber is signed in (web sessions and API tokens), to end them together. */
export abstract class SubscriberSessions {
  /** Ends all sessions and tokens of the subscriber except the one the request came with (after the unit of work commits). */
  abstract endAll(subscriberId: string, except?: { sessionId?: string; apiToken?: string }): Promise<void>;
}
