#!/usr/bin/env python3
"""Makes python-escpos-ticket.bin: a queue ticket as python-escpos 3.1 writes it with its
defaults (pip install python-escpos==3.1): GB18030 text after ESC t, the QR code as a raster
image (GS v 0) and a CODE39 barcode (GS k 69) below it, then a cut. The preview must draw both
codes so that a scanner reads them (BarcodeSystemsTests)."""
from escpos.printer import Dummy

p = Dummy()
p.set(align="center")
p.text("示例旗政务服务中心\n")
p.text("A023\n")
p.qr("http://127.0.0.1:8080/t/abc", size=6)
p.barcode("A023", "CODE39")
p.cut()
open("python-escpos-ticket.bin", "wb").write(p.output)
