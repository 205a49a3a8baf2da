// Escalation plugin
