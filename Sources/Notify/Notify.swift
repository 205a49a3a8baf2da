// Notify module
