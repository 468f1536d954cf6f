variable "schedule" {
  type    = string
  default = "at(2025-03-01T09:00:00)" # expect: JC105
}
