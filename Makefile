# make demo：建好环境并生成示例文档；make test：建好环境并运行测试；make bench：基准测试（见 bench/run.py）；
# make serve：建好环境（含网页组件）并启动 houqin serve（SERVE_ARGS 可加选项，如 SERVE_ARGS="--port 9000"）。
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
WEB_STAMP := $(VENV)/.installed-web

.PHONY: demo test bench bench-large reference golden serve clean

# The package's bytecode, written beside the sources: an editable install compiles nothing, and
# with PYTHONDONTWRITEBYTECODE set (as on CI) no run would either, so every start would compile
# every module again (about +25% of a cold summary). compileall writes regardless of that variable.
define compile
	$(PY) -m compileall -q houqin_report
endef

# $(call install,EXTRA): the virtualenv with the package and one of its extras (pyproject.toml).
define install
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(1)]'
	$(call compile)
	touch $@
endef

$(STAMP): pyproject.toml setup.py
	$(call install,test)

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

# The web app's packages only (not the test tools): what a school's computer needs.
$(WEB_STAMP): pyproject.toml setup.py
	$(call install,web)

serve: $(WEB_STAMP)
	$(PY) cli.py serve $(SERVE_ARGS)

# docxtpl is installed for the benchmark only (its anchor, bench/docxtpl_summary.py).
bench: $(STAMP)
	$(PY) -m pip install --quiet docxtpl
	$(call compile)
	$(PY) bench/run.py

# The same with the 100,000 generated schools' compile (generated once, about 10 minutes more).
bench-large:
	HOUQIN_BENCH_LARGE=1 $(MAKE) bench

reference: $(STAMP)
	$(PY) templates/build_reference.py

clean:
	rm -rf $(VENV) out .pytest_cache bench/out
golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden
	git diff --stat tests/golden
