"""Lesson 00 warm-up questions: expected values come from the course map."""
from coursekit import course
from coursekit.checks import Question


def _map():
    return course.course_map()


QUESTIONS = [
    Question("00.n_lessons", "integer", expected=lambda: len(_map()),
             known_wrong=[(lambda a: a == len(_map()) - 1, "Did you forget lesson 00? Count every row.")],
             hint="Use len(course_map): it counts the rows."),
    Question("00.teaching_total", "integer", expected=lambda: int(_map()["teaching_minutes"].sum()),
             known_wrong=[(lambda a: a == int(_map()["total_minutes"].sum()),
                           "That includes the exercises: sum only the teaching_minutes column.")],
             hint="Use course_map['teaching_minutes'].sum()."),
    Question("00.longest_minutes", "integer", expected=lambda: int(_map()["total_minutes"].max()),
             known_wrong=[(lambda a: a == int(_map()["teaching_minutes"].max()),
                           "That is teaching only: use the total_minutes column.")],
             hint="Use course_map['total_minutes'].max()."),
]
