"""Streamlit helpers and plotly house style: sidebar, navigation, page blocks, charts, exports."""
