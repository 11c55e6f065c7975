"""The X12 layer: the byte scanner and the one module that talks to pyx12."""
