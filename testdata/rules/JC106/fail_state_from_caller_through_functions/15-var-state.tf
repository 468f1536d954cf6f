variable "state" {
  description = "enabled or disabled, in any case"
  type        = string
  default     = "enabled"
}
