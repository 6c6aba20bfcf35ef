# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Run Tryton module tests under pytest.

Two things pytest does not do on its own for Tryton modules:

- import the test files of ``addons/<module>/tests`` under their installed
  name ``trytond.modules.<module>.tests``, so that relative imports and
  ``load_doc_tests(__name__, ...)`` resolve as they do with trytond's runner;
- run the doctest scenarios, which Tryton returns from a ``load_tests``
  function that pytest ignores: each ``scenario_*.rst`` (once per parameter
  set of its ``.json`` file) becomes one pytest item and is counted.
"""
import doctest
import importlib
import pathlib
import unittest

import pytest

ADDONS = pathlib.Path(__file__).parent / 'addons'


def _installed_name(path):
    "The dotted name under which trytond imports a file of addons/"
    relative = path.with_suffix('').relative_to(ADDONS)
    return '.'.join(('trytond', 'modules') + relative.parts)


def pytest_pycollect_makemodule(module_path, parent):
    if ADDONS in module_path.parents:
        return TrytonTestModule.from_parent(parent, path=module_path)


class TrytonTestModule(pytest.Module):

    def _getobj(self):
        return importlib.import_module(_installed_name(self.path))

    def collect(self):
        yield from super().collect()
        load_tests = getattr(self.obj, 'load_tests', None)
        if load_tests is None:
            return
        suite = load_tests(
            unittest.TestLoader(), unittest.TestSuite(), None)
        for test in _iter_tests(suite):
            if isinstance(test, doctest.DocFileCase):
                yield ScenarioItem.from_parent(
                    self, name=_scenario_name(test), test=test)


def _iter_tests(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _iter_tests(test)
        else:
            yield test


def _scenario_name(test):
    name = pathlib.Path(test._dt_test.filename).name
    globs = {k: v for k, v in test._dt_test.globs.items()
        if not k.startswith('__')}
    # Scenarios run once per parameter set of their .json file
    params = ','.join(f'{k}={v}' for k, v in sorted(globs.items())
        if isinstance(v, (str, int, float, bool)))
    return f'{name}[{params}]' if params else name


class ScenarioFailure(Exception):
    pass


class ScenarioItem(pytest.Item):
    "One doctest scenario, run with Tryton's own set-up and checker"

    def __init__(self, *, test, **kwargs):
        super().__init__(**kwargs)
        self.test = test

    def runtest(self):
        result = unittest.TestResult()
        self.test.run(result)
        problems = result.errors + result.failures
        if problems:
            raise ScenarioFailure('\n'.join(text for _, text in problems))
        if result.skipped:
            pytest.skip(result.skipped[0][1])

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f'scenario: {self.name}'
