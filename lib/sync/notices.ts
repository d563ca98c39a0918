// Mail and password notification as Zoho offers them. Zoho's SCIM endpoint has no field for either:
// Zoho applies the store's own settings when a user arrives. The preview says who Zoho would notify
// and that the settings must match in Zoho, rather than pretending the extension sends them.
import type { Config } from '../config/schema';
import type { NewUserNotice } from './types';

export function newUserNotice(userName: string, config: Config): NewUserNotice {
  const domain = userName.split('@')[1] ?? '';
  const domainVerified = config.target.verifiedDomains.includes(domain);
  const { mailNotification, passwordNotification } = config.settings;
  const notified =
    mailNotification === 'dontNotify' || passwordNotification === 'none' || !domainVerified ? 'nobody' : passwordNotification;
  return { userName, domainVerified, notified };
}

/** The notice as the preview shows it beside a new user. */
export function describeNotice({ domainVerified, notified }: NewUserNotice): string {
  if (!domainVerified) return 'new user; domain not verified in Zoho, so no password OTP is sent';
  if (notified === 'nobody') return 'new user; Zoho notifies no one (Zoho-side settings)';
  return `new user; Zoho sends the password OTP to ${notified === 'user' ? 'the user' : 'the admin'}`;
}

export function notificationWarning(config: Config, creates: number): string | undefined {
  if (!creates) return undefined;
  const { mailNotification, passwordNotification } = config.settings;
  const wanted =
    mailNotification === 'dontNotify'
      ? "Don't notify"
      : `Notify via mail, password OTP to ${passwordNotification === 'user' ? 'the user' : passwordNotification === 'admin' ? 'the admin' : 'no one'}`;
  return `Notifications are sent by Zoho Directory, not over SCIM: set Mail Notification and Password Notification to "${wanted}" in Zoho Directory → Directory Stores → JumpCloud → Settings. Password OTPs reach only users on verified domains.`;
}
