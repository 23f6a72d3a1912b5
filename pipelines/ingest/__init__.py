"""Reading exports (CSV, XLSX, JSON, JSON Lines) from ticketing, chat, telephony, e-mail and review tools."""
