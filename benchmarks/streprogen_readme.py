"""streprogen's README example ("Sample code"), verbatim, the reference the
command-line start-up target is measured against.

Source: the README of streprogen 4.1.0 (https://github.com/tommyod/streprogen,
the long description published on PyPI for streprogen==4.1.0).  benchmarks/run.py
installs that exact version into ``benchmarks/.venv-streprogen`` and runs this
file there, interleaved with ``recommend``.  It only prints: it needs no
display, no network and writes no files.  Keep the code below as the README
has it so the comparison stays the one the performance target names.
"""

from streprogen import Program

# Create an 8-week program, rounding every exercise to nearest unit og 5kg
program = Program("My first program!", duration=8, units="kg", round_to=5)

with program.Day("Day A"):
    program.DynamicExercise("Bench press", start_weight=80, min_reps=3, max_reps=8)
    program.DynamicExercise("Squats", start_weight=100, min_reps=3, max_reps=8)

with program.Day("Day B"):
    program.DynamicExercise("Deadlifts", start_weight=100, min_reps=2, max_reps=7)
    program.StaticExercise("Curls", "3 x 10 @ 18kg")

# Render the program, then print it
program.render()
print(program)
