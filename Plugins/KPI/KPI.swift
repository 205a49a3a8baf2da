// KPI plugin
