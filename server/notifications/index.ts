import 'server-only';
// The notifier (define a type once, deliver it to members), its read model, and email.
export { sendEmail, isEmailConfigured, type Email } from './email';
export { defineNotification, definitionOf, type NotificationDefinition } from './defineNotification';
export { notify, type NotifyInput, type DeliveryFailure, type DeliveryChannel } from './notify';
export {
  listNotifications,
  listNotificationsInput,
  notificationCounts,
  markNotificationsRead,
  markAllNotificationsRead,
  markNotificationsSeen,
  notificationIdsInput,
} from './queries';
export type { Notification } from './schema';
