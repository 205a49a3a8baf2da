// Agenda plugin
