"""The results-entry website that the cards' QR codes open (`kit serve`)."""
