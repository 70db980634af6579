"""Reading the seam workbook: its schema, the container pre-flight, the reader, the template and the annotated copy."""
