"""Appeals dashboard: data foundation, queries and pages over citizens' appeals."""
