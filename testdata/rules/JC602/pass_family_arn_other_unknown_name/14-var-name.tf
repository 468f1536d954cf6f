# A reusable module: the caller names the job. The events role names a family spelled
# differently from the task definition's: which family that is cannot be known here (a note).
variable "name" {
  type = string
}

locals {
  log_group = "/ecs/${var.name}"
}
