"""The bare Streamlit page every benchmark figure is compared with."""

import streamlit as st

st.write("hello")
