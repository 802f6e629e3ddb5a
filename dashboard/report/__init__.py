"""Documents made from the dashboard's figures: the regional inspection brief (HTML) and
the collegium pack (slides with native charts, a workbook, a one-page brief)."""
