"""The pure building blocks of imports from outside (issue 14): legacy Vietnamese text,
uploaded archives, field mapping, VN-2000 zones. Nothing here touches the database."""
