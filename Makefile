# make demo：建好环境并生成示例文档；make test：建好环境并运行测试；make bench：基准测试（见 bench/run.py）。
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench reference golden clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) cli.py check samples/*.yaml
	@mkdir -p out
	@for f in samples/*.yaml; do n=$$(basename "$$f" .yaml); \
	  $(PY) cli.py summary "$$f" -o "out/$$n-工作总结.docx" || exit 1; \
	  $(PY) cli.py plan "$$f" -o "out/$$n-工作计划.docx" || exit 1; \
	done
	$(PY) cli.py compile samples -o out/教育局汇总报告.docx --xlsx out/教育局汇总.xlsx

test: $(STAMP)
	$(PY) -m pytest

# docxtpl is installed for the benchmark only (its anchor, bench/docxtpl_summary.py).
bench: $(STAMP)
	$(PY) -m pip install --quiet docxtpl
	$(PY) bench/run.py

reference: $(STAMP)
	$(PY) templates/build_reference.py

clean:
	rm -rf $(VENV) out .pytest_cache bench/out
golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden
	git diff --stat tests/golden
