// Messaging plugin
