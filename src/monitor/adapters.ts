/** The real ports: fetch for webhooks, nodemailer for e-mail. The only network code of src/monitor. */
import nodemailer from 'nodemailer';
import type { HttpPoster, MailSender } from './ports.js';

/** A webhook that does not answer within this time is retried later from the outbox. */
export const POST_TIMEOUT_MS = 10_000;
export const SMTP_TIMEOUT_MS = 15_000;

/** Redirects are not followed: a webhook URL that redirects elsewhere is a misconfiguration (or an SSRF). */
export const fetchPoster: HttpPoster = async (url, body, headers) => {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(POST_TIMEOUT_MS),
  });
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status };
};

export const nodemailerSender: MailSender = async (smtp, message) => {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    logger: false,
  });
  try {
    const { 'Message-ID': messageId, ...headers } = message.headers;
    await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers,
      ...(messageId !== undefined ? { messageId } : {}),
    });
  } finally {
    transport.close();
  }
};
