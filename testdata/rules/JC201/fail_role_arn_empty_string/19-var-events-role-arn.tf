variable "events_role_arn" {
  description = "Role EventBridge assumes to run the task"
  type        = string
  default     = ""
}
