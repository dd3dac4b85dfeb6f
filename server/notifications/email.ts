import nodemailer, { type Transporter } from 'nodemailer';

let transport: { url: string; transporter: Transporter } | undefined;

/** Email goes out only where SMTP_URL is set; without it, Tramite shows links on screen instead. */
export function isEmailConfigured(): boolean {
  return !!process.env.SMTP_URL;
}

export type Email = { to: string; subject: string; text: string };

/** Sends one message through SMTP_URL; a refusal by the server is thrown to the caller. */
export async function sendEmail(email: Email): Promise<void> {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error('SMTP_URL is not set');
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  await transport.transporter.sendMail({ from: process.env.MAIL_FROM || 'Tramite <no-reply@tramite.local>', ...email });
}
