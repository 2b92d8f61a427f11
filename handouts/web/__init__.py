"""`handouts serve`: the front desk's page (a patient's packet, a blank one, a day's schedule) and
the editors' live preview, as a local web app (Starlette on uvicorn). Between cli and commands:
it calls commands and never renders or writes by itself."""
