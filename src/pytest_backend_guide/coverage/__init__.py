"""Coverage of the test run, judged by TEST001 and TEST002.

The item ``pyproject.toml::guide[coverage]`` runs after every test and
judges the line coverage that the same run measured: with coverage.py
started by this package, with pytest-cov's measurement when ``--cov`` is
given, or with an outer ``coverage run``. Under pytest-xdist the workers
measure and the controller judges their combined data.

Modules, one job each: :mod:`.startup` joins the session before conftests
load; :mod:`.measure` starts, stops and combines the measurement, with
:mod:`.configure` (coverage.py's configuration, the measured files) and
:mod:`.datafile` (writing the data file in one piece); :mod:`.run` decides
whether the run measured anything worth judging; :mod:`.reading` turns
coverage data into per-file numbers; :mod:`.threshold` computes totals and
the least-covered files; :mod:`.verdict` turns them into violations and
:mod:`.decision` into the item's outcome; :mod:`.item` is the pytest item
and its reports; :mod:`.pytest_plugin` ties them to pytest's hooks.
"""
