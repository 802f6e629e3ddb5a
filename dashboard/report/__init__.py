"""Documents made from the dashboard's figures: the regional inspection brief (HTML)."""
