/** What one SMTP dialogue found, and what it needs to run (dialogue.ts fills it). */
import type {
  BlockedFinding,
  ExposureCheck,
  RcptCheck,
  RelayVerdict,
  ResolvedProbeOptions,
  SmtpReply,
  TlsReport,
  UnknownRecipientVerdict,
} from './types.js';
import { noVerdict } from './verdict.js';

export interface DialogueState {
  greeting: SmtpReply | null;
  greetingMs: number | null;
  helo: { command: 'EHLO' | 'HELO'; reply: SmtpReply; extensions: string[] } | null;
  tls: TlsReport | null;
  /** The TLS handshake failed: the session is unusable and a plaintext retry may follow. */
  tlsFailed: boolean;
  /** VRFY or EXPN went unanswered: a new session without them may follow. */
  exposureTimedOut: boolean;
  unknownRecipient: RcptCheck<UnknownRecipientVerdict>;
  secondUnknown: RcptCheck<UnknownRecipientVerdict> | null;
  control: RcptCheck<UnknownRecipientVerdict> | null;
  openRelay: RcptCheck<RelayVerdict>;
  blocked: BlockedFinding | null;
  vrfy: ExposureCheck;
  expn: ExposureCheck;
  error: string | null;
}

export interface DialogueContext {
  host: string;
  options: ResolvedProbeOptions;
  /** Chooses the recipient domain once the greeting is known (null: none could be derived). */
  domainFor: (greeting: SmtpReply) => Promise<string | null>;
  useTls: boolean;
  /** Ask VRFY/EXPN (false in a session that follows one where they went unanswered). */
  exposure: boolean;
}

export const NOT_RUN = 'not tested: the session ended before this check';

export function initialState(): DialogueState {
  return {
    greeting: null,
    greetingMs: null,
    helo: null,
    tls: null,
    tlsFailed: false,
    exposureTimedOut: false,
    unknownRecipient: noVerdict<UnknownRecipientVerdict>('no-verdict', NOT_RUN),
    secondUnknown: null,
    control: null,
    openRelay: noVerdict<RelayVerdict>('no-verdict', NOT_RUN),
    blocked: null,
    vrfy: { enabled: null, reply: null },
    expn: { enabled: null, reply: null },
    error: null,
  };
}
