import { z } from 'zod';

/**
 * The parts of a Bot Framework activity this adapter reads, validated at the boundary. Plain JSON
 * types so that no module but bot-framework.ts depends on the SDK's Activity class.
 */
const Account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

const Conversation = z.looseObject({
  id: z.string().min(1),
  conversationType: z.string().optional(),
  tenantId: z.string().optional(),
  isGroup: z.boolean().optional(),
  name: z.string().optional(),
});

export const InboundActivitySchema = z.looseObject({
  type: z.string().min(1),
  /** Invoke name ('adaptiveCard/action', 'healthCheck', …). */
  name: z.string().optional(),
  id: z.string().optional(),
  channelId: z.string().optional(),
  serviceUrl: z.string().optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  /** The sender's client locale ("fr-FR"); Teams sends it on message activities. */
  locale: z.string().max(40).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  action: z.string().optional(),
  from: Account.optional(),
  recipient: Account.optional(),
  conversation: Conversation.optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  membersAdded: z.array(Account).optional(),
  membersRemoved: z.array(Account).optional(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string().optional() }).optional(),
      team: z.looseObject({ id: z.string().optional(), name: z.string().optional(), aadGroupId: z.string().optional() }).optional(),
      channel: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
      eventType: z.string().optional(),
    })
    .optional(),
});

export type InboundActivity = z.infer<typeof InboundActivitySchema>;

/** What a proactive message needs to reach a conversation again; stored as JSON per channel id. */
export const StoredReferenceSchema = z.object({
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  tenantId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), isGroup: z.boolean().optional() }),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  /** Team and channel ids from channelData (channels only). */
  teamId: z.string().optional(),
  teamsChannelId: z.string().optional(),
  /** The team's Microsoft 365 group id (channelData.team.aadGroupId): Microsoft Graph names teams by it. */
  aadGroupId: z.string().optional(),
});

export type StoredReference = z.infer<typeof StoredReferenceSchema>;

/** An activity we send: a message with cards, or plain text. */
export interface OutboundActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments?: { contentType: string; content: object }[];
  /** Thread parent; set by the sender when replying. */
  replyToId?: string;
}

/** The SDK-neutral view of one turn, implemented by bot-framework.ts. */
export interface Turn {
  readonly activity: InboundActivity;
  /** Sends into the conversation the activity came from, as a reply to it when `replyTo` is true. */
  send(activity: OutboundActivity): Promise<string>;
  update(activityId: string, activity: OutboundActivity): Promise<void>;
  /** Sets the HTTP answer to an invoke activity (without one, the SDK answers 501). */
  respond(status: number, body?: unknown): Promise<void>;
}

/** A Bot Connector HTTP failure, in SDK-neutral terms (status 0: no response). */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}
