"""Pure pandas shaping of query results per page: headlines, deltas, narrative; no Streamlit."""
