"""houqin-report：由学期事实（YAML）生成学校后勤工作总结、工作计划和教育局汇总报告。"""

__version__ = "0.1.0"
