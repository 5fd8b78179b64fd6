#!/usr/bin/env python3
"""Runs the houqin CLI from a checkout without installing: python cli.py check samples/*.yaml"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from houqin_report.cli import main  # noqa: E402

if __name__ == "__main__":
    main(prog_name="houqin")
