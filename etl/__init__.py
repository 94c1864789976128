"""ETL: source documents in data/raw/ -> tidy, validated tables in data/processed/.

Plain Python, no Streamlit. Each source has a module in `etl.sources` with small pure
functions (extract, transform); `etl.validate` checks the tables; `etl.write` swaps a fully
validated folder into place; `etl.build` ties them together; `python -m etl` runs it.
"""
